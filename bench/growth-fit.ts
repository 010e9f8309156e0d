/** A least-squares line y = intercept + slope·x and how well it explains the points (R², 1 when they lie on it). */
export interface LinearFit {
  intercept: number;
  slope: number;
  r2: number;
}

export function linearFit(points: ReadonlyArray<readonly [number, number]>): LinearFit {
  if (points.length < 2) throw new RangeError('a fit needs at least two points');
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  if (sxx === 0) throw new RangeError('a fit needs at least two different x values');
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssTot = points.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  const ssRes = points.reduce((s, [x, y]) => s + (y - (intercept + slope * x)) ** 2, 0);
  return { intercept, slope, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

/** Growth from the first value to the last, as a fraction (0.1 is 10%). */
export const growth = (values: readonly number[]): number => {
  const first = values[0];
  const last = values[values.length - 1];
  if (first === undefined || last === undefined || first === 0)
    throw new RangeError('growth needs a non-zero first value');
  return last / first - 1;
};

import { createHash } from 'node:crypto';

/** How a bundle samples: `n` items of each population, ranked by a hash of the seed and the item's key. */
export interface SampleSpec {
  n: number;
  seed: string;
}

/** The rank an item takes in a seeded sample: SHA-256 of `<seed>:<population>:<key>`, as hex. */
export const sampleRank = (seed: string, population: string, key: string): string =>
  createHash('sha256').update(`${seed}:${population}:${key}`).digest('hex');

/**
 * The `n` items of lowest rank, in their original order. Deterministic and independent of the order items come in,
 * so anyone with the population, the seed and a SHA-256 tool can redo the draw; a larger `n` keeps every item a smaller
 * one drew.
 */
export function seededSample<T>(
  items: readonly T[],
  spec: SampleSpec,
  population: string,
  keyOf: (item: T) => string,
): T[] {
  if (items.length <= spec.n) return [...items];
  const ranked = items.map((item, i) => ({ i, rank: sampleRank(spec.seed, population, keyOf(item)) }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.i - b.i));
  const chosen = new Set(ranked.slice(0, spec.n).map((r) => r.i));
  return items.filter((_, i) => chosen.has(i));
}

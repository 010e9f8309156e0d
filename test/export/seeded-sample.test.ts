import { describe, expect, it } from 'vitest';
import { sampleRank, seededSample } from '../../src/export/seeded-sample.js';

const items = Array.from({ length: 50 }, (_, i) => `item-${i}`);
const draw = (list: readonly string[], n: number, seed = 's') => seededSample(list, { n, seed }, 'pop', (x) => x);

describe('seeded sample', () => {
  it('draws the same items whatever order they come in, keeping their order', () => {
    const a = draw(items, 5);
    expect(a).toHaveLength(5);
    expect(draw([...items].reverse(), 5)).toEqual([...a].reverse());
    expect(a).toEqual(items.filter((x) => a.includes(x)));
  });

  it('takes the lowest SHA-256 ranks of seed, population and key; a larger sample contains a smaller one', () => {
    const lowest = [...items].sort((x, y) => sampleRank('s', 'pop', x).localeCompare(sampleRank('s', 'pop', y)));
    expect(new Set(draw(items, 3))).toEqual(new Set(lowest.slice(0, 3)));
    expect(draw(items, 10)).toEqual(expect.arrayContaining(draw(items, 4)));
    expect(sampleRank('s', 'pop', 'item-1')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by seed, and keeps a population no larger than the sample whole', () => {
    expect(draw(items, 5, 'other')).not.toEqual(draw(items, 5));
    expect(draw(items.slice(0, 3), 5)).toEqual(items.slice(0, 3));
  });
});

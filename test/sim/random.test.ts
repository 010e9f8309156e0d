import { describe, expect, it } from 'vitest';
import { Random } from '../../sim/random.js';

const draw = (r: Random) => [r.next(), r.int(10), r.pick(['a', 'b', 'c']), r.chance(0.5), r.hex(8), r.between(5, 7)];

describe('Random', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(draw(new Random(42))).toEqual(draw(new Random(42)));
    expect(draw(new Random('42'))).toEqual(draw(new Random(42)));
    expect(draw(new Random(43))).not.toEqual(draw(new Random(42)));
  });

  it('stays in range', () => {
    const r = new Random(1);
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      expect(r.int(3)).toBeLessThan(3);
      expect([5, 6, 7]).toContain(r.between(5, 7));
    }
    expect(r.hex(13)).toMatch(/^[0-9a-f]{13}$/);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('spreads values evenly enough', () => {
    const r = new Random(7);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) buckets[r.int(4)]! += 1;
    for (const b of buckets) expect(b).toBeGreaterThan(850);
  });

  it('forks independent streams: drawing from one fork does not shift another', () => {
    const a = new Random(42);
    const b = new Random(42);
    a.fork('aws').next();
    expect(a.fork('github').next()).toBe(b.fork('github').next());
    expect(a.fork('github').next()).not.toBe(a.fork('aws').next());
  });

  it('shuffles into a permutation', () => {
    const out = new Random(3).shuffle([1, 2, 3, 4, 5, 6]);
    expect([...out].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

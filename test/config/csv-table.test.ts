import { describe, expect, it } from 'vitest';
import { CsvProblems, csvDateTime, readCsvTable, requireCsvColumns } from '../../src/config/csv-table.js';

describe('CSV tables people fill in', () => {
  it('reads the header and each row with the line it ends on, tolerating a BOM and blank lines', () => {
    const t = readCsvTable('\uFEFFa,b\n1,"x\ny"\n\n2,z\n', 'f.csv');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { record: { a: '1', b: 'x\ny' }, line: 3 },
      { record: { a: '2', b: 'z' }, line: 5 },
    ]);
  });

  it('names the absent columns with the hint, and only when there are rows', () => {
    const t = readCsvTable('a\n1\n', 'f.csv');
    expect(() => requireCsvColumns('f.csv', t, ['a', 'b', 'c'], 'set x.columns')).toThrow(
      "f.csv: header: no column 'b', 'c' (set x.columns); found: a",
    );
    expect(() => requireCsvColumns('f.csv', readCsvTable('a\n', 'f.csv'), ['b'], 'hint')).not.toThrow();
  });

  it('reports the first twenty problems together and counts the rest', () => {
    const p = new CsvProblems('f.csv');
    expect(() => p.throwIfAny()).not.toThrow();
    for (let i = 2; i < 25; i++) p.add(i, 'email', 'bad');
    const lines = (() => {
      try {
        p.throwIfAny();
      } catch (e) {
        return (e as Error).message.split('\n');
      }
      return [];
    })();
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe("f.csv: line 2: column 'email': bad");
    expect(lines[20]).toBe('f.csv: … and 3 more problems');
  });

  it('takes a date as midnight UTC or a date-time with an offset, and nothing else', () => {
    expect(csvDateTime('2026-11-02')).toBe('2026-11-02T00:00:00.000Z');
    expect(csvDateTime('2026-11-02 09:30+01:00')).toBe('2026-11-02T08:30:00.000Z');
    expect(csvDateTime('2026-02-30')).toBeUndefined();
    expect(csvDateTime('2026-11-02T09:30')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { addPeriod, describePeriod, PeriodSchema } from '../../../src/model/attestation.js';

const add = (iso: string, period: string | number) => addPeriod(new Date(iso), period).toISOString();

describe('attestation periods', () => {
  it('add calendar months and years, keeping the day or clamping it to the month’s last', () => {
    expect(add('2026-01-31T10:00:00.000Z', 'P1M')).toBe('2026-02-28T10:00:00.000Z');
    expect(add('2024-02-29T00:00:00.000Z', 'P1Y')).toBe('2025-02-28T00:00:00.000Z');
    expect(add('2026-08-31T09:00:00.000Z', 'P3M')).toBe('2026-11-30T09:00:00.000Z');
    expect(add('2026-01-15T00:00:00.000Z', 'P1Y6M')).toBe('2027-07-15T00:00:00.000Z');
  });

  it('add weeks and days, and a bare number as days', () => {
    expect(add('2026-11-10T08:00:00.000Z', 'P5D')).toBe('2026-11-15T08:00:00.000Z');
    expect(add('2026-12-25T00:00:00.000Z', 'P2W')).toBe('2027-01-08T00:00:00.000Z');
    expect(add('2026-11-01T00:00:00.000Z', 90)).toBe('2027-01-30T00:00:00.000Z');
    expect(describePeriod(90)).toBe('90 days');
    expect(describePeriod('P3M')).toBe('P3M');
  });

  it('accept ISO 8601 durations of years, months, weeks and days only', () => {
    expect(PeriodSchema.safeParse('P1Y').success).toBe(true);
    for (const bad of ['P', 'quarterly', 'PT12H', '1Y', 0])
      expect(PeriodSchema.safeParse(bad).success, String(bad)).toBe(false);
  });
});

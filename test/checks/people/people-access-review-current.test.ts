import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-access-review-current.js';
import type { CampaignState } from '../../../src/model/datasets/access-review.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { at, failed, NOW, scope } from './people-check-fixtures.js';

const campaign = (id: string, seq: number, extra: Partial<CampaignState> = {}): CampaignState => ({
  id,
  seq,
  period: id,
  at: at(24 * 30),
  by: 'ciso@example.com',
  items: 3,
  decided: 3,
  undecided: [],
  ...extra,
});
const run = (campaigns: CampaignState[]) =>
  evaluate(check, { scope, now: NOW, data: { 'access-review.state': { periodDays: 90, campaigns, revokes: [] } } });

describe('people-access-review-current', () => {
  it('passes naming the campaign completed within the period', () => {
    const fs = run([campaign('2026Q3', 1, { completedAt: at(24 * 20) })]);
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      [
        'pass',
        'Access review campaign 2026Q3 (record #1) was completed on 2026-11-03: all 3 items decided, within the 90-day period.',
      ],
    ]);
  });

  it('fails naming the newest campaign and its undecided items when none was completed in the period', () => {
    const fs = run([
      campaign('2026Q2', 1, { at: at(24 * 200), completedAt: at(24 * 190) }),
      campaign('2026Q4', 4, { decided: 1, undecided: ['github:acme:a', 'github:acme:b'] }),
    ]);
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      [
        'fail',
        'No access review campaign was completed in the last 90 days: the newest, 2026Q4 (record #4, started 2026-10-24), has 2 of 3 items undecided (github:acme:a, github:acme:b).',
      ],
    ]);
  });

  it('fails when the newest completed campaign is older than the period, or when there is none', () => {
    expect(run([campaign('2026Q1', 2, { at: at(24 * 200), completedAt: at(24 * 100) })])[0]!.message).toBe(
      'No access review campaign was completed in the last 90 days: the newest, 2026Q1 (record #2, started 2026-05-07), was completed on 2026-08-15, 100 days ago.',
    );
    expect(run([]).map((f) => [f.status, f.message])).toEqual([
      [
        'fail',
        'No access review campaign is in the evidence store: start one with assay access-review start --period PERIOD.',
      ],
    ]);
  });

  it('is an error when the campaign records could not be read', () => {
    const fs = evaluate(check, {
      scope,
      missing: { 'access-review.state': failed('evidence records (access-review-campaign, access-review-decisions)') },
    });
    expect(statuses(fs)).toEqual(['error']);
  });
});

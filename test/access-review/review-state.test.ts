import { describe, expect, it } from 'vitest';
import { reviewState } from '../../src/access-review/review-state.js';
import type { CampaignData, Decision } from '../../src/model/datasets/access-review.js';
import type { StoredRecord } from '../../src/model/record.js';

const item = (account: string) => ({
  id: `github:acme:${account}`,
  reviewer: 'cto@example.com',
  system: 'github' as const,
  scope: 'acme',
  account,
  name: account,
  access: ['member of acme'],
  admin: [],
  mark: 'NEW' as const,
  changes: [],
});
const campaign: CampaignData = {
  id: 'Q4',
  period: 'Q4',
  graph: { runId: 'r1', sequence: 1, sha256: 'a'.repeat(64) },
  items: [item('a'), item('b')],
  removed: [],
};
const record = (seq: number, type: string, data: unknown): StoredRecord => ({
  seq,
  type,
  at: `2026-11-0${seq}T00:00:00.000Z`,
  by: 'cto@example.com',
  data,
  files: [],
  key: `records/${seq}.json`,
  sha256: 'b'.repeat(64),
});
const decide = (account: string, decision: Decision['decision']): Decision => ({
  campaign: 'Q4',
  item: `github:acme:${account}`,
  decision,
  decidedBy: 'cto@example.com',
  decidedAt: '2026-11-01T00:00:00.000Z',
});
const decisions = (seq: number, ...list: Decision[]) =>
  record(seq, 'access-review-decisions', { file: 'd.csv', decisions: list });

describe('access review state', () => {
  it('completes a campaign with the record that decides its last item, a later decision replacing an earlier', () => {
    const state = reviewState(
      [record(1, 'access-review-campaign', campaign)],
      [decisions(2, decide('a', 'revoke')), decisions(3, decide('b', 'keep')), decisions(4, decide('a', 'keep'))],
    );
    expect(state.campaigns).toEqual([
      {
        id: 'Q4',
        seq: 1,
        period: 'Q4',
        at: '2026-11-01T00:00:00.000Z',
        by: 'cto@example.com',
        items: 2,
        decided: 2,
        undecided: [],
        completedAt: '2026-11-03T00:00:00.000Z',
      },
    ]);
    expect(state.revokes).toEqual([]);
  });

  it('keeps a campaign open with its undecided items and lists the live revokes; ignores unknown items', () => {
    const state = reviewState(
      [record(1, 'access-review-campaign', campaign)],
      [decisions(2, decide('a', 'revoke'), decide('zz', 'keep'))],
    );
    expect(state.campaigns[0]).toMatchObject({ decided: 1, undecided: ['github:acme:b'] });
    const later = reviewState(
      [record(1, 'access-review-campaign', campaign), record(3, 'access-review-campaign', { ...campaign, id: 'Q5' })],
      [decisions(2, decide('a', 'revoke')), decisions(4, { ...decide('a', 'keep'), campaign: 'Q5' })],
    );
    expect(later.revokes).toEqual([]);
    expect(state.campaigns[0]!.completedAt).toBeUndefined();
    expect(state.revokes).toEqual([
      {
        id: 'github:acme:a',
        system: 'github',
        scope: 'acme',
        account: 'a',
        name: 'a',
        campaign: 'Q4',
        decidedBy: 'cto@example.com',
        decidedAt: '2026-11-01T00:00:00.000Z',
        recordSeq: 2,
      },
    ]);
  });
});

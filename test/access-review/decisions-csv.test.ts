import { describe, expect, it } from 'vitest';
import { buildCampaign } from '../../src/access-review/build-campaign.js';
import { parseDecisionsCsv } from '../../src/access-review/decisions-csv.js';
import { ConfigError } from '../../src/errors.js';
import { email, scenario } from '../checks/people/people-check-fixtures.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const first = buildCampaign({
  id: 'Q3',
  period: 'Q3',
  graph: scenario(),
  graphRun: { runId: 'r1', sequence: 1, sha256: 'a'.repeat(64) },
  config: undefined,
  previous: undefined,
});
const g = scenario();
const second = buildCampaign({
  id: 'Q4',
  period: 'Q4',
  graph: { ...g, accounts: g.accounts.filter((a) => a.id !== 'leaver-gh') },
  graphRun: { runId: 'r2', sequence: 2, sha256: 'b'.repeat(64) },
  config: undefined,
  previous: first,
});
const campaigns = new Map([
  ['Q3', first],
  ['Q4', second],
]);
const HEADER = 'campaign,item,reviewer,decision,decided_by,decided_at,note';
const parse = (...rows: string[]) => parseDecisionsCsv([HEADER, ...rows].join('\n'), 'd.csv', campaigns, NOW);
const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('access review decisions CSV', () => {
  it('reads decided rows, skips undecided ones, lower-cases the decision and normalises dates', () => {
    expect(
      parse(
        `Q4,github:acme:ceo-gh,x,Keep,${email('ceo')},2026-11-20,fine`,
        `Q4,github:acme:cto-gh,x,revoke,${email('ceo')},2026-11-21T09:00:00+01:00,`,
        'Q4,github:acme:fresh-gh,x,,,,',
      ),
    ).toEqual([
      {
        campaign: 'Q4',
        item: 'github:acme:ceo-gh',
        decision: 'keep',
        decidedBy: email('ceo'),
        decidedAt: '2026-11-20T00:00:00.000Z',
        note: 'fine',
      },
      {
        campaign: 'Q4',
        item: 'github:acme:cto-gh',
        decision: 'revoke',
        decidedBy: email('ceo'),
        decidedAt: '2026-11-21T08:00:00.000Z',
      },
    ]);
  });

  it('names the file, line and column of every problem', () => {
    expect(
      errorOf(() =>
        parse(
          `Q9,github:acme:ceo-gh,x,keep,${email('ceo')},2026-11-20,`,
          `Q4,github:acme:nobody,x,maybe,not-an-email,yesterday,`,
          `Q4,github:acme:leaver-gh,x,keep,${email('ceo')},2027-01-01,`,
          `Q4,github:acme:ceo-gh,x,keep,${email('ceo')},2026-11-20,`,
          `Q4,github:acme:ceo-gh,x,revoke,${email('ceo')},2026-11-20,`,
        ),
      ),
    ).toBe(
      [
        "d.csv: line 2: column 'campaign': no campaign 'Q9' in the evidence store (known: Q3, Q4)",
        "d.csv: line 3: column 'item': no item 'github:acme:nobody' in campaign Q4",
        "d.csv: line 3: column 'decision': expected keep, revoke, change, got 'maybe'",
        "d.csv: line 3: column 'decided_by': expected the reviewer's email address, got 'not-an-email'",
        "d.csv: line 3: column 'decided_at': expected a date (2026-11-02) or a date-time with offset, got 'yesterday'",
        "d.csv: line 4: column 'item': 'github:acme:leaver-gh' was REMOVED since the previous campaign: it needs no decision",
        "d.csv: line 4: column 'decided_at': 2027-01-01 is in the future",
        "d.csv: line 6: column 'item': 'github:acme:ceo-gh' is decided twice (also on line 5)",
      ].join('\n'),
    );
  });

  it('refuses a file without the columns it needs, broken CSV, or no decided row', () => {
    expect(errorOf(() => parseDecisionsCsv('campaign,item\nQ4,x\n', 'd.csv', campaigns, NOW))).toBe(
      "d.csv: header: no column 'decision', 'decided_by', 'decided_at' (expected the CSV assay access-review start wrote); found: campaign, item",
    );
    expect(errorOf(() => parseDecisionsCsv(`${HEADER}\n"Q4,unterminated\n`, 'd.csv', campaigns, NOW))).toMatch(
      /^d\.csv: not valid CSV: /,
    );
    expect(errorOf(() => parse('Q4,github:acme:ceo-gh,x,,,,'))).toBe(
      'd.csv: no decided row (fill in decision, decided_by and decided_at for each item)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-access-review-revocations.js';
import type { Revoke } from '../../../src/model/datasets/access-review.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { at, email, failed, graphFailed, NOW, scenario, scope } from './people-check-fixtures.js';

const CAMPAIGN = {
  id: '2026Q4',
  seq: 3,
  period: '2026Q4',
  at: at(24 * 10),
  by: 'ciso@example.com',
  items: 9,
  decided: 9,
  undecided: [],
};
const revoke = (account: string, hoursAgo: number): Revoke => ({
  id: `github:acme:${account}`,
  person: email(account.replace(/-gh$/, '')),
  system: 'github',
  scope: 'acme',
  account,
  name: account,
  campaign: '2026Q4',
  decidedBy: email('ceo'),
  decidedAt: at(hoursAgo),
  recordSeq: 4,
});
const run = (revokes: Revoke[], graph = scenario()) =>
  evaluate(check, {
    scope,
    now: NOW,
    data: { 'people.graph': graph, 'access-review.state': { periodDays: 90, campaigns: [CAMPAIGN], revokes } },
  });

describe('people-access-review-revocations', () => {
  it('fails a revoked access still live after the SLA and passes one within it', () => {
    const fs = run([revoke('cto-gh', 48), revoke('ceo-gh', 2)]);
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      [
        'fail',
        `GitHub cto-gh in acme (${email('cto')}): revoke decided by ${email('ceo')} on ${at(48)} in campaign 2026Q4; still live 48 h later, beyond the 24 h SLA: member of acme.`,
      ],
      [
        'pass',
        `GitHub ceo-gh in acme (${email('ceo')}): revoke decided by ${email('ceo')} on ${at(2)} in campaign 2026Q4; still live (owner of acme) 2 h later, within the 24 h SLA.`,
      ],
    ]);
  });

  it('passes a revoked access that is gone, and with no revoke decision names the newest campaign', () => {
    const g = scenario();
    const fs = run([revoke('cto-gh', 48)], { ...g, accounts: g.accounts.filter((a) => a.id !== 'cto-gh') });
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      [
        'pass',
        `GitHub cto-gh in acme (${email('cto')}): revoke decided by ${email('ceo')} on ${at(48)} in campaign 2026Q4; the access is gone.`,
      ],
    ]);
    expect(run([]).map((f) => [f.status, f.message])).toEqual([
      ['pass', 'No revoke decision to verify in the 1 campaign(s) stored; the newest is 2026Q4 (record #3).'],
    ]);
  });

  it('is an error when the system holding the revoked access could not be read', () => {
    const fs = evaluate(check, {
      scope,
      now: NOW,
      data: {
        'people.graph': scenario({ githubMissing: { 'github.members': failed('GET /orgs/{org}/members') } }),
        'access-review.state': { periodDays: 90, campaigns: [CAMPAIGN], revokes: [revoke('cto-gh', 48)] },
      },
    });
    expect(fs.map((f) => f.status)).toEqual(['error']);
    expect(fs[0]!.message).toBe(
      `GitHub cto-gh in acme (${email('cto')}): revoke decided by ${email('ceo')} on ${at(48)} in campaign 2026Q4; cannot verify, the read of GitHub acme (GET /orgs/{org}/members: HTTP 403 forbidden) failed.`,
    );
  });

  it('is an error when the identity graph is missing, naming the read that failed', () => {
    const fs = evaluate(check, {
      ...graphFailed,
      data: { 'access-review.state': { periodDays: 90, campaigns: [CAMPAIGN], revokes: [] } },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(fs[0]!.message).toBe(
      'Could not evaluate: directory.users.list failed (the Workspace user list was not read: HTTP 403).',
    );
  });
});

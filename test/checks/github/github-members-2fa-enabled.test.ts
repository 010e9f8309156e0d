import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-members-2fa-enabled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const user = (login: string, id: number) => ({ login, id, type: 'User' });
const members = [user('ada', 1), user('grace', 2), user('linus', 3), user('margaret', 4)];

describe('github-members-2fa-enabled', () => {
  it('passes with one finding for the organization when nobody lacks 2FA', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.members': members, 'github.membersWithout2fa': [], 'github.owners': [members[0]] },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['All 4 members of acme have two-factor authentication enabled.']);
  });

  it('fails once per member without 2FA, owners first and critical', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.members': members,
        'github.membersWithout2fa': [members[2], members[0]],
        'github.owners': [members[0]],
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Owner ada of acme has two-factor authentication disabled.',
      'Member linus of acme has two-factor authentication disabled.',
    ]);
    expect(fs.map((f) => f.severity)).toEqual(['critical', 'high']);
    expect(fs[1]!.resource).toEqual({ type: 'github-user', id: 'linus' });
  });

  it('is an error naming the call when the 2FA filter is refused to a non-owner', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.members': members, 'github.owners': [] },
      missing: {
        'github.membersWithout2fa': {
          kind: 'error',
          operation: 'GET /orgs/{org}/members?filter=2fa_disabled',
          status: 422,
          message: 'Only owners can use this filter.',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: GET /orgs/{org}/members?filter=2fa_disabled failed (Only owners can use this filter).',
    ]);
  });
});

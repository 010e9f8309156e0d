import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-members-no-sms-2fa.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const user = (login: string, id: number) => ({ login, id, type: 'User' });
const members = [user('ada', 1), user('grace', 2), user('linus', 3)];

describe('github-members-no-sms-2fa', () => {
  it('passes when nobody relies on SMS only', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.members': members, 'github.membersWithInsecure2fa': [], 'github.owners': [members[0]] },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['None of the 3 members of acme relies on SMS-only two-factor authentication.']);
  });

  it('fails once per SMS-only member, owners first and high', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.members': members,
        'github.membersWithInsecure2fa': [members[2], members[0]],
        'github.owners': [members[0]],
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Owner ada of acme uses SMS as their only second factor.',
      'Member linus of acme uses SMS as their only second factor.',
    ]);
    expect(fs.map((f) => f.severity)).toEqual(['high', 'medium']);
    expect(fs[1]!.resource).toEqual({ type: 'github-user', id: 'linus' });
  });

  it('is an error when the filter is missing on an older GitHub Enterprise Server (422)', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.members': members, 'github.owners': [] },
      missing: {
        'github.membersWithInsecure2fa': {
          kind: 'error',
          operation: 'GET /orgs/{org}/members?filter=2fa_insecure',
          status: 422,
          message: 'Validation Failed',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: GET /orgs/{org}/members?filter=2fa_insecure failed (Validation Failed).',
    ]);
  });
});

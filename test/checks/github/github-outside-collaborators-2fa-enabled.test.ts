import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-outside-collaborators-2fa-enabled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const user = (login: string, id: number) => ({ login, id, type: 'User' });
const outside = [user('zed-ext', 1), user('ana-ext', 2), user('bo-ext', 3)];

describe('github-outside-collaborators-2fa-enabled', () => {
  it('passes with one finding for the organization when no outside collaborator lacks 2FA', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.outsideCollaborators': outside, 'github.outsideCollaboratorsWithout2fa': [] },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['All 3 outside collaborators of acme have two-factor authentication enabled.']);
    expect(fs[0]!.observed).toEqual({ outsideCollaborators: 3, without2fa: 0 });
  });

  it('fails once per outside collaborator without 2FA, by login', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.outsideCollaborators': outside,
        'github.outsideCollaboratorsWithout2fa': [outside[0], outside[1]],
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Outside collaborator ana-ext of acme has two-factor authentication disabled.',
      'Outside collaborator zed-ext of acme has two-factor authentication disabled.',
    ]);
    expect(fs[1]!.resource).toEqual({ type: 'github-user', id: 'zed-ext' });
  });

  it('is an error naming the call, never a pass, when the 2FA filter is refused to a non-owner', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.outsideCollaborators': outside },
      missing: {
        'github.outsideCollaboratorsWithout2fa': {
          kind: 'error',
          operation: 'GET /orgs/{org}/outside_collaborators?filter=2fa_disabled',
          status: 422,
          message: 'Only owners can use this filter.',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: GET /orgs/{org}/outside_collaborators?filter=2fa_disabled failed (Only owners can use this filter).',
    ]);
  });
});

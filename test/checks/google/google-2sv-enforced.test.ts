import { describe, expect, it } from 'vitest';
import check from '../../../checks/google/google-2sv-enforced.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { scope, user, usersListFailed } from './google-fixtures.js';

describe('google-2sv-enforced', () => {
  it('passes when every active user has 2SV enforced, ignoring suspended and archived users', () => {
    const users = [
      user('ada@example.com'),
      user('grace@example.com'),
      user('gone@example.com', { suspended: true, isEnforcedIn2Sv: false }),
      user('old@example.com', { archived: true, isEnforcedIn2Sv: false }),
    ];
    const fs = evaluate(check, { scope, data: { 'google-workspace.users': users } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['2-Step Verification is enforced for all 2 active users of example.com.']);
  });

  it('fails once per org unit where active users are not enforced', () => {
    const users = [
      user('ada@example.com', { orgUnitPath: '/Engineering' }),
      user('bob@example.com', { orgUnitPath: '/Sales', isEnforcedIn2Sv: false }),
      user('cy@example.com', { orgUnitPath: '/Sales', isEnforcedIn2Sv: false }),
      user('di@example.com', { orgUnitPath: '/Sales' }),
      user('ed@example.com', { orgUnitPath: '/Contractors', isEnforcedIn2Sv: false }),
    ];
    const fs = evaluate(check, { scope, data: { 'google-workspace.users': users } });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      '2-Step Verification is not enforced for 1 of 1 active users in org unit /Contractors.',
      '2-Step Verification is not enforced for 2 of 3 active users in org unit /Sales.',
    ]);
    expect(fs[1]!.resource).toEqual({ type: 'google-org-unit', id: '/Sales' });
    expect(fs[1]!.observed).toEqual({
      orgUnitPath: '/Sales',
      activeUsers: 3,
      notEnforced: 2,
      users: ['bob@example.com', 'cy@example.com'],
    });
  });

  it('is an error, never a pass, when Google did not say whether 2SV is enforced', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.users': [user('ada@example.com', { isEnforcedIn2Sv: undefined })] },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'directory.users.list did not return isEnforcedIn2Sv for 1 active users, so their enforcement cannot be verified.',
    ]);
  });

  it('is an error naming the call when users.list failed', () => {
    const fs = evaluate(check, { scope, missing: { 'google-workspace.users': usersListFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: directory.users.list failed (HTTP 403 forbidden: Not Authorized to access this resource/api).',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/google/google-2sv-enrolled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { scope, user, usersListFailed } from './google-fixtures.js';

describe('google-2sv-enrolled', () => {
  it('passes when every active user is enrolled; suspended and archived users do not count', () => {
    const users = [
      user('ada@example.com'),
      user('left@example.com', { suspended: true, isEnrolledIn2Sv: false }),
      user('arch@example.com', { archived: true, isEnrolledIn2Sv: false }),
    ];
    const fs = evaluate(check, { scope, data: { 'google-workspace.users': users } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['All 1 active users of example.com are enrolled in 2-Step Verification.']);
  });

  it('fails once per active user not enrolled, in email order', () => {
    const users = [
      user('zed@example.com', { isEnrolledIn2Sv: false, isEnforcedIn2Sv: false, orgUnitPath: '/Sales' }),
      user('ada@example.com'),
      user('bob@example.com', { isEnrolledIn2Sv: false }),
    ];
    const fs = evaluate(check, { scope, data: { 'google-workspace.users': users } });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'User bob@example.com is not enrolled in 2-Step Verification.',
      'User zed@example.com is not enrolled in 2-Step Verification.',
    ]);
    expect(fs[1]).toMatchObject({
      resource: { type: 'google-user', id: 'zed@example.com', name: 'zed' },
      observed: { isEnrolledIn2Sv: false, isEnforcedIn2Sv: false, orgUnitPath: '/Sales' },
    });
  });

  it('reports a user whose enrolment Google did not return as an error', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.users': [user('ada@example.com', { isEnrolledIn2Sv: undefined })] },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual(['directory.users.list did not return isEnrolledIn2Sv for ada@example.com.']);
  });

  it('is an error naming the call when users.list failed', () => {
    const fs = evaluate(check, { scope, missing: { 'google-workspace.users': usersListFailed } });
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      status: 'error',
      message:
        'Could not evaluate: directory.users.list failed (HTTP 403 forbidden: Not Authorized to access this resource/api).',
    });
  });
});

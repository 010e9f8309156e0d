import { describe, expect, it } from 'vitest';
import check from '../../../checks/google/google-inactive-accounts.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { scope, user, usersListFailed } from './google-fixtures.js';

// NOW is 2026-11-23T12:00:00Z
const NEVER = '1970-01-01T00:00:00.000Z';

describe('google-inactive-accounts', () => {
  it('passes when active accounts signed in within 90 days, new ones and break-glass excepted', () => {
    const users = [
      user('ada@example.com', { lastLoginTime: '2026-09-01T00:00:00.000Z' }),
      user('new@example.com', { creationTime: '2026-10-01T00:00:00.000Z', lastLoginTime: NEVER }),
      user('bg@example.com', { lastLoginTime: '2025-01-01T00:00:00.000Z' }),
      user('left@example.com', { suspended: true, lastLoginTime: '2024-01-01T00:00:00.000Z' }),
    ];
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.users': users, 'google-workspace.breakGlassAccounts': ['bg@example.com'] },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'All 2 active accounts of example.com have signed in within 90 days or are newer than that.',
    ]);
  });

  it('fails per stale or never-used account, with the days counted', () => {
    const users = [
      user('stale@example.com', { lastLoginTime: '2026-07-01T12:00:00.000Z' }),
      user('never@example.com', { creationTime: '2026-01-01T12:00:00.000Z', lastLoginTime: NEVER }),
    ];
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.users': users, 'google-workspace.breakGlassAccounts': [] },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'User never@example.com has never signed in since the account was created 326 days ago.',
      'User stale@example.com has not signed in for 145 days (limit 90).',
    ]);
    expect(fs[1]!.observed).toMatchObject({ lastLoginTime: '2026-07-01T12:00:00.000Z', daysInactive: 145 });
  });

  it('honours a configured limit', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'google-workspace.users': [user('ada@example.com', { lastLoginTime: '2026-11-01T00:00:00.000Z' })],
        'google-workspace.breakGlassAccounts': [],
      },
      params: { maxInactiveDays: 14 },
    });
    expect(messages(fs)).toEqual(['User ada@example.com has not signed in for 22 days (limit 14).']);
  });

  it('is an error for an account whose last sign-in Google did not return', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'google-workspace.users': [user('ada@example.com', { lastLoginTime: undefined })],
        'google-workspace.breakGlassAccounts': [],
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual(['directory.users.list did not return lastLoginTime for ada@example.com.']);
  });

  it('is an error naming the call when users.list failed', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.breakGlassAccounts': [] },
      missing: { 'google-workspace.users': usersListFailed },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: directory.users.list failed (HTTP 403 forbidden: Not Authorized to access this resource/api).',
    ]);
  });
});

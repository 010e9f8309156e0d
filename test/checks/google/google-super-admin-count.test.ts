import { describe, expect, it } from 'vitest';
import check from '../../../checks/google/google-super-admin-count.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { scope, superAdminRole, user } from './google-fixtures.js';

const admin = (email: string, extra = {}) => user(email, { isAdmin: true, ...extra });
const data = (users: ReturnType<typeof user>[], breakGlass: string[] = []) => ({
  'google-workspace.users': users,
  'google-workspace.roles': [superAdminRole],
  'google-workspace.roleAssignments': { items: [], groupMembers: {} },
  'google-workspace.breakGlassAccounts': breakGlass,
});

describe('google-super-admin-count', () => {
  it('passes with two to four super admins, break-glass and suspended ones not counted', () => {
    const users = [
      admin('ada@example.com'),
      admin('grace@example.com'),
      admin('bg1@example.com'),
      admin('bg2@example.com'),
      admin('left@example.com', { suspended: true }),
      user('dev@example.com'),
    ];
    const fs = evaluate(check, { scope, data: data(users, ['bg1@example.com', 'bg2@example.com']) });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['example.com has 2 super admins besides break-glass accounts (allowed 2 to 4).']);
    expect(fs[0]!.observed).toEqual({
      superAdmins: ['ada@example.com', 'grace@example.com'],
      breakGlass: ['bg1@example.com', 'bg2@example.com'],
      suspendedOrArchived: ['left@example.com'],
      minimum: 2,
      maximum: 4,
    });
  });

  it('fails with a single super admin (a single point of failure)', () => {
    const fs = evaluate(check, {
      scope,
      data: data([admin('ada@example.com'), admin('bg@example.com')], ['bg@example.com']),
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'example.com has 1 super admin besides break-glass accounts; at least 2 are needed so one lost account does not lock the tenant.',
    ]);
  });

  it('fails above the configured maximum', () => {
    const users = ['a', 'b', 'c'].map((n) => admin(`${n}@example.com`));
    const fs = evaluate(check, { scope, data: data(users), params: { maximum: 2 } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'example.com has 3 super admins besides break-glass accounts, more than the maximum of 2.',
    ]);
  });

  it('reports a configured break-glass account missing from the directory as an error', () => {
    const fs = evaluate(check, {
      scope,
      data: data([admin('ada@example.com'), admin('grace@example.com')], ['breakglass@example.com']),
    });
    expect(statuses(fs)).toEqual(['error', 'pass']);
    expect(messages(fs)[0]).toBe('Break-glass account breakglass@example.com was not found in the directory.');
  });

  it('rejects a minimum above the maximum', () => {
    expect(() => check.params.parse({ minimum: 5, maximum: 4 })).toThrow('expected minimum ≤ maximum');
  });

  it('is an error naming the call when roles could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'google-workspace.users': [],
        'google-workspace.roleAssignments': { items: [], groupMembers: {} },
        'google-workspace.breakGlassAccounts': [],
      },
      missing: {
        'google-workspace.roles': {
          kind: 'error',
          operation: 'directory.roles.list',
          status: 500,
          message: 'HTTP 500 backendError: Backend Error (after 6 attempts)',
        },
      },
    });
    expect(messages(fs)).toEqual([
      'Could not evaluate: directory.roles.list failed (HTTP 500 backendError: Backend Error (after 6 attempts)).',
    ]);
  });
});

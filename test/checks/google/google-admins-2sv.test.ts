import { describe, expect, it } from 'vitest';
import check from '../../../checks/google/google-admins-2sv.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { helpDeskRole, scope, superAdminRole, user } from './google-fixtures.js';

const root = user('root@example.com', { isAdmin: true });
const help = user('help@example.com');
const viaGroup = user('ops@example.com');
const assignments = (
  items: Array<{ roleId: string; assignedTo: string; assigneeType: string }>,
  groupMembers: Record<string, unknown[]> = {},
) => ({
  items: items.map((a, i) => ({ roleAssignmentId: String(9000 + i), scopeType: 'CUSTOMER', ...a })),
  groupMembers,
});

describe('google-admins-2sv', () => {
  it('passes when every active admin, found by flag, assignment or group, is enrolled', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'google-workspace.users': [root, help, viaGroup, user('dev@example.com', { isEnrolledIn2Sv: false })],
        'google-workspace.roles': [superAdminRole, helpDeskRole],
        'google-workspace.roleAssignments': assignments(
          [
            { roleId: helpDeskRole.roleId, assignedTo: help.id, assigneeType: 'user' },
            { roleId: helpDeskRole.roleId, assignedTo: 'grp1', assigneeType: 'group' },
          ],
          { grp1: [{ id: viaGroup.id, email: viaGroup.primaryEmail, type: 'USER' }] },
        ),
      },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'All 3 active admins of example.com (1 super, 2 delegated) are enrolled in 2-Step Verification.',
    ]);
  });

  it('fails per admin not enrolled: super admins first and critical, the role found by isSuperAdminRole and user id', () => {
    const renamedSuper = { ...superAdminRole, roleName: 'Tenant Owners' };
    const owner = user('owner@example.com', { isEnrolledIn2Sv: false });
    const fs = evaluate(check, {
      scope,
      data: {
        'google-workspace.users': [
          owner,
          user('helpdesk@example.com', { isDelegatedAdmin: true, isEnrolledIn2Sv: false }),
          user('gone@example.com', { isAdmin: true, isEnrolledIn2Sv: false, suspended: true }),
        ],
        'google-workspace.roles': [renamedSuper, helpDeskRole],
        'google-workspace.roleAssignments': assignments([
          { roleId: renamedSuper.roleId, assignedTo: owner.id, assigneeType: 'user' },
        ]),
      },
    });
    expect(fs.map((f) => [f.status, f.severity])).toEqual([
      ['fail', 'critical'],
      ['fail', 'high'],
    ]);
    expect(messages(fs)).toEqual([
      'Super admin owner@example.com is not enrolled in 2-Step Verification.',
      'Delegated admin helpdesk@example.com is not enrolled in 2-Step Verification.',
    ]);
    expect(fs[0]!.observed).toEqual({
      role: 'super admin',
      roles: ['Tenant Owners'],
      isEnrolledIn2Sv: false,
      isEnforcedIn2Sv: true,
    });
  });

  it('is an error naming the call when role assignments could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.users': [root], 'google-workspace.roles': [superAdminRole] },
      missing: {
        'google-workspace.roleAssignments': {
          kind: 'error',
          operation: 'directory.roleAssignments.list',
          status: 403,
          message: 'HTTP 403 forbidden: Request had insufficient authentication scopes.',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: directory.roleAssignments.list failed (HTTP 403 forbidden: Request had insufficient authentication scopes).',
    ]);
  });
});

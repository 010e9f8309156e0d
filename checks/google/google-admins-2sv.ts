import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { googleAdmins, isActiveGoogleUser } from '../../src/model/datasets/google.js';

/**
 * Admins are found by role, not by name: `isSuperAdminRole` on the role, role assignments by user id, and roles held
 * through a group. https://developers.google.com/admin-sdk/directory/reference/rest/v1/roleAssignments
 */
export default defineCheck({
  id: 'google-admins-2sv',
  title: 'Every super admin and delegated admin is enrolled in 2-Step Verification',
  severity: 'high',
  rationale:
    'An admin account without a second factor hands whoever phishes it the whole tenant (super admin) or the users and data its roles reach (delegated admin).',
  remediation:
    'Enrol the admin with a security key or passkey, or remove the role until they do (Admin console → Account → Admin roles).',
  requires: ['google-workspace.users', 'google-workspace.roles', 'google-workspace.roleAssignments'],
  controls: ['iso27001:8.2', 'iso27001:8.5', 'iso27001:5.17'],
  evaluate(data, { scope }) {
    const admins = [
      ...googleAdmins(
        data['google-workspace.users'],
        data['google-workspace.roles'],
        data['google-workspace.roleAssignments'],
      ).values(),
    ]
      .filter((a) => isActiveGoogleUser(a.user))
      .sort(
        (a, b) => Number(b.superAdmin) - Number(a.superAdmin) || a.user.primaryEmail.localeCompare(b.user.primaryEmail),
      );
    const results: CheckResult[] = [];
    for (const { user, superAdmin, roles } of admins) {
      if (user.isEnrolledIn2Sv === true) continue;
      const kind = superAdmin ? 'Super admin' : 'Delegated admin';
      const resource = {
        type: 'google-user',
        id: user.primaryEmail,
        ...(user.fullName ? { name: user.fullName } : {}),
      };
      const observed = {
        role: superAdmin ? 'super admin' : 'delegated admin',
        roles: roles.sort(),
        isEnrolledIn2Sv: user.isEnrolledIn2Sv ?? 'absent',
        isEnforcedIn2Sv: user.isEnforcedIn2Sv ?? 'absent',
      };
      results.push(
        user.isEnrolledIn2Sv === undefined
          ? {
              status: 'error',
              resource,
              message: `directory.users.list did not return isEnrolledIn2Sv for ${kind.toLowerCase()} ${user.primaryEmail}.`,
              observed,
            }
          : {
              status: 'fail',
              severity: superAdmin ? 'critical' : 'high',
              resource,
              message: `${kind} ${user.primaryEmail} is not enrolled in 2-Step Verification.`,
              observed,
            },
      );
    }
    if (results.length > 0) return results;
    const supers = admins.filter((a) => a.superAdmin).length;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'google-customer'),
        message: `All ${admins.length} active admins of ${scope.id} (${supers} super, ${admins.length - supers} delegated) are enrolled in 2-Step Verification.`,
        observed: { superAdmins: supers, delegatedAdmins: admins.length - supers },
      },
    ];
  },
});

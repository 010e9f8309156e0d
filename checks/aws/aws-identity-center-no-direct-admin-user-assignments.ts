import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import type { IdentityCenterPermissionSet } from '../../src/model/datasets/aws-identity-center.js';

const list = (items: readonly string[]) => [...new Set(items)].sort().join(', ');

/**
 * Administrator permission sets (every action, or full IAM, per the policy evaluator; conditional grants included) go
 * to groups. https://docs.aws.amazon.com/singlesignon/latest/userguide/useraccess.html
 */
export default defineCheck({
  id: 'aws-identity-center-no-direct-admin-user-assignments',
  title: 'IAM Identity Center assigns administrator permission sets to groups, never directly to users',
  severity: 'high',
  rationale:
    'A group assignment is granted and taken back by group membership, which the identity provider manages and access reviews cover; an administrator permission set assigned to one user by hand survives role changes and offboarding in the IdP and is missed by reviews of the admin group.',
  remediation:
    'Remove the user assignment (AWS access portal > Multi-account permissions > AWS accounts > the account > the user) and add the user to the group that holds the permission set, if the access is still needed.',
  requires: ['aws-identity-center.assignments', 'aws-identity-center.permission-sets', 'aws-identity-center.users'],
  controls: ['iso27001:5.15', 'iso27001:5.18', 'iso27001:8.2'],
  evaluate(data, { scope }) {
    const sets = new Map(data['aws-identity-center.permission-sets'].map((p) => [p.arn, p]));
    const users = new Map(data['aws-identity-center.users'].map((u) => [u.userId, u]));
    const assignments = data['aws-identity-center.assignments'];
    const isAdmin = (p: IdentityCenterPermissionSet) => p.admin.verdict !== 'no';
    const results: CheckResult[] = [];
    const unknown = [...new Set(assignments.map((a) => a.permissionSetArn).filter((arn) => !sets.has(arn)))];
    for (const arn of unknown.sort())
      results.push({
        status: 'error',
        resource: { type: 'aws-identity-center-permission-set', id: arn },
        message: `Permission set ${arn} is assigned but was not among the permission sets read, so whether it grants administrator access to users directly cannot be judged.`,
      });
    const direct = new Map<string, Array<{ set: IdentityCenterPermissionSet; accountId: string }>>();
    for (const a of assignments) {
      const set = sets.get(a.permissionSetArn);
      if (a.principalType !== 'USER' || !set || !isAdmin(set)) continue;
      direct.set(a.principalId, [...(direct.get(a.principalId) ?? []), { set, accountId: a.accountId }]);
    }
    for (const [userId, grants] of [...direct].sort(([x], [y]) => x.localeCompare(y))) {
      const user = users.get(userId);
      const name = user?.userName ?? userId;
      const conditional = grants.every((g) => g.set.admin.verdict === 'conditional');
      results.push({
        status: 'fail',
        resource: { type: 'aws-identity-center-user', id: userId, ...(user ? { name: user.userName } : {}) },
        message: `Identity Center user ${name} is assigned ${list(grants.map((g) => g.set.name))} directly in account${grants.length === 1 ? '' : 's'} ${list(grants.map((g) => g.accountId))}, which grant${new Set(grants.map((g) => g.set.name)).size === 1 ? 's' : ''} ${conditional ? 'conditional ' : ''}administrator access.`,
        observed: {
          userId,
          userName: name,
          assignments: grants.map((g) => ({
            accountId: g.accountId,
            permissionSet: g.set.name,
            verdict: g.set.admin.verdict,
          })),
          reasons: [...new Set(grants.flatMap((g) => g.set.admin.reasons))],
        },
      });
    }
    if (results.length > 0) return results;
    const adminSets = [...sets.values()].filter(isAdmin);
    const adminAssignments = assignments.filter((a) => adminSets.some((p) => p.arn === a.permissionSetArn));
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-identity-center'),
        message:
          adminSets.length === 0
            ? `None of the ${sets.size} permission sets grants administrator access.`
            : `All ${adminAssignments.length} assignments of the administrator permission sets (${list(adminSets.map((p) => p.name))}) are to groups; ${assignments.length} assignments of ${sets.size} permission sets were read.`,
        observed: {
          permissionSets: sets.size,
          adminPermissionSets: adminSets.map((p) => p.name).sort(),
          assignments: assignments.length,
        },
      },
    ];
  },
});

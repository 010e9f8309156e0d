import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeSources, principalResource, principalsGranted } from '../../src/model/datasets/aws-iam-grants.js';

/**
 * The inventory of administrators auditors ask for under privileged access: every user and role whose policies
 * (its own and its groups', judged together by the policy evaluator) allow every action or full IAM, and how it got
 * it; a grant under a condition is listed as conditional. A user holding it on itself fails: administrator rights
 * belong to roles (assumed with MFA) or at least to a group that can be reviewed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
export default defineCheck({
  id: 'aws-iam-admin-principals',
  title: 'Administrator access is held only through roles or groups, and every administrator is listed',
  severity: 'high',
  rationale:
    'Full administrator rights are the keys to every workload and every log; they must be few, known and granted in one reviewable place, not scattered on individual users.',
  remediation:
    'Detach AdministratorAccess (or the `*` policy) from the user; grant it through an admin role the person assumes with MFA, or through IAM Identity Center.',
  requires: ['aws-iam.authorizationDetails'],
  controls: ['iso27001:8.2', 'iso27001:5.15'],
  evaluate(data, { scope }) {
    const admins = principalsGranted(data['aws-iam.authorizationDetails'], (e) => e.admin);
    if (admins.length === 0) {
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'aws-account'),
          message: `No IAM user or role in account ${scope.id} has administrator access.`,
          observed: { administrators: 0 },
        },
      ];
    }
    return admins
      .sort(
        (a, b) =>
          Number(b.direct.length > 0 && b.type === 'user') - Number(a.direct.length > 0 && a.type === 'user') ||
          a.type.localeCompare(b.type) ||
          a.name.localeCompare(b.name),
      )
      .map((p): CheckResult => {
        const observed = {
          principal: p.type,
          name: p.name,
          verdict: p.verdict,
          direct: describeSources(p.direct),
          viaGroups: describeSources(p.viaGroups),
          reasons: p.reasons,
        };
        const access = p.verdict === 'conditional' ? 'conditional administrator access' : 'administrator access';
        if (p.type === 'user' && p.direct.length > 0) {
          return {
            status: 'fail',
            resource: principalResource(p),
            message: `User ${p.name} in account ${scope.id} holds ${access} directly (${describeSources(p.direct).join(', ')}).`,
            observed,
          };
        }
        const how =
          p.type === 'user'
            ? `through ${describeSources(p.viaGroups).join(', ')}`
            : `through ${describeSources(p.direct).join(', ')}`;
        return {
          status: 'pass',
          resource: principalResource(p),
          message: `${p.type === 'user' ? 'User' : 'Role'} ${p.name} in account ${scope.id} has ${access} ${how}.`,
          observed,
        };
      });
  },
});

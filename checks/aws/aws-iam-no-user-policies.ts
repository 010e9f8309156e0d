import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { principalResource } from '../../src/model/datasets/aws-iam-grants.js';

/** CIS AWS Foundations 1.15. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html */
export default defineCheck({
  id: 'aws-iam-no-user-policies',
  title: 'IAM users get their permissions only through groups or roles',
  severity: 'low',
  rationale:
    "Policies on individual users drift: nobody reviews them with the team's access, and they stay when the person changes role.",
  remediation:
    'Put the user in a group carrying the policy (or have them assume a role), then detach the managed policies and delete the inline policies on the user.',
  requires: ['aws-iam.authorizationDetails'],
  controls: ['iso27001:5.15', 'iso27001:5.18'],
  evaluate(data, { scope }) {
    const users = data['aws-iam.authorizationDetails'].users;
    const results: CheckResult[] = users
      .filter((u) => u.AttachedManagedPolicies.length > 0 || u.UserPolicyList.length > 0)
      .map((u) => {
        const policies = [
          ...u.AttachedManagedPolicies.map((p) => p.PolicyName),
          ...u.UserPolicyList.map((p) => `inline ${p.PolicyName}`),
        ];
        return {
          status: 'fail',
          resource: principalResource({ type: 'user', name: u.UserName, arn: u.Arn }),
          message: `User ${u.UserName} in account ${scope.id} has policies of its own: ${policies.join(', ')}.`,
          observed: {
            user: u.UserName,
            attached: u.AttachedManagedPolicies.map((p) => p.PolicyArn),
            inline: u.UserPolicyList.map((p) => p.PolicyName),
          },
        };
      });
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `All ${users.length} IAM users in account ${scope.id} get their permissions through groups or roles.`,
        observed: { users: users.length },
      },
    ];
  },
});

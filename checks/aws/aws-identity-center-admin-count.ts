import { z } from 'zod';
import { defineCheck, scopeResource } from '../../src/model/check.js';

/**
 * Everyone who can sign in to some account with an administrator permission set, directly or through a group, counted
 * once. https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_permissions_least_privileges.html
 */
export default defineCheck({
  id: 'aws-identity-center-admin-count',
  title:
    'The number of people holding an administrator permission set in IAM Identity Center stays within the configured maximum',
  severity: 'medium',
  rationale:
    'Each holder of an administrator permission set can take over every account it is assigned in, logs included; a count that grows means access given for a task was never taken back.',
  remediation:
    'Review the holders listed in the finding; take those who can work with a narrower permission set out of the admin group (or remove their user assignment).',
  requires: [
    'aws-identity-center.assignments',
    'aws-identity-center.permission-sets',
    'aws-identity-center.groups',
    'aws-identity-center.users',
  ],
  controls: ['iso27001:8.2', 'iso27001:5.15', 'iso27001:5.18'],
  params: z
    .object({
      /** People (Identity Center users) allowed to hold an administrator permission set in any account. */
      maxAdministrators: z.number().int().nonnegative().default(5),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const sets = new Map(data['aws-identity-center.permission-sets'].map((p) => [p.arn, p]));
    const groups = new Map(data['aws-identity-center.groups'].map((g) => [g.groupId, g]));
    const users = new Map(data['aws-identity-center.users'].map((u) => [u.userId, u]));
    const resource = scopeResource(scope, 'aws-identity-center');
    const holders = new Map<string, Set<string>>();
    const unread: string[] = [];
    for (const a of data['aws-identity-center.assignments']) {
      const set = sets.get(a.permissionSetArn);
      if (!set) {
        unread.push(`permission set ${a.permissionSetArn}`);
        continue;
      }
      if (set.admin.verdict === 'no') continue;
      const via = a.principalType === 'USER' ? [a.principalId] : groups.get(a.principalId)?.memberUserIds;
      if (!via) {
        unread.push(`group ${a.principalId}`);
        continue;
      }
      for (const id of via) holders.set(id, new Set([...(holders.get(id) ?? []), set.name]));
    }
    if (unread.length > 0)
      return [
        {
          status: 'error',
          resource,
          message: `Administrator holders cannot be counted: assignments name ${[...new Set(unread)].sort().join(', ')}, not among those read.`,
        },
      ];
    const names = [...holders.keys()].map((id) => users.get(id)?.userName ?? id).sort();
    const disabled = [...holders.keys()].filter((id) => users.get(id)?.status === 'DISABLED').length;
    const observed = {
      administrators: holders.size,
      maxAdministrators: params.maxAdministrators,
      users: names,
      disabled,
      permissionSets: Object.fromEntries([...holders].map(([id, s]) => [users.get(id)?.userName ?? id, [...s].sort()])),
    };
    const of = disabled > 0 ? `, ${disabled} of them disabled` : '';
    if (holders.size > params.maxAdministrators)
      return [
        {
          status: 'fail',
          resource,
          message: `${holders.size} Identity Center users hold an administrator permission set${of}, more than the maximum of ${params.maxAdministrators}.`,
          observed,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `${holders.size} Identity Center users hold an administrator permission set${of} (maximum ${params.maxAdministrators}).`,
        observed,
      },
    ];
  },
});

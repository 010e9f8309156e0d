import { z } from 'zod';
import { defineCheck, scopeResource } from '../../src/model/check.js';

/** https://docs.github.com/en/organizations/managing-peoples-access-to-your-organization-with-roles/roles-in-an-organization#organization-owners */
export default defineCheck({
  id: 'github-org-owner-count',
  title: 'The GitHub organization has at least two owners and no more than the configured maximum',
  severity: 'medium',
  rationale:
    'Owners can change every setting, repository and member. One owner is a single point of failure (GitHub recommends at least two); many owners widen the attack surface.',
  remediation:
    'Organization → People → filter by role Owner; demote owners who do not need it to members, or promote a second trusted owner.',
  requires: ['github.owners'],
  controls: ['iso27001:8.2', 'iso27001:5.18'],
  params: z
    .object({
      min: z.number().int().min(1).default(2),
      max: z.number().int().min(1).default(5),
    })
    .strict()
    .refine((p) => p.min <= p.max, { error: 'expected min to be at most max' }),
  evaluate(data, { scope, params }) {
    const owners = data['github.owners'].map((o) => o.login).sort();
    const n = owners.length;
    const resource = scopeResource(scope, 'github-org');
    const observed = { owners, count: n, min: params.min, max: params.max };
    const noun = n === 1 ? 'owner' : 'owners';
    if (n < params.min) {
      return [
        {
          status: 'fail',
          resource,
          message: `${scope.id} has ${n} ${noun}, fewer than the minimum of ${params.min}.`,
          observed,
        },
      ];
    }
    if (n > params.max) {
      return [
        {
          status: 'fail',
          resource,
          message: `${scope.id} has ${n} ${noun}, more than the maximum of ${params.max}.`,
          observed,
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `${scope.id} has ${n} ${noun}, within ${params.min} to ${params.max}.`,
        observed,
      },
    ];
  },
});

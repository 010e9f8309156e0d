import { z } from 'zod';
import { defineCheck, scopeResource } from '../../src/model/check.js';
import { principalsGranted } from '../../src/model/datasets/aws-iam-grants.js';

/** https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_permissions_least_privileges.html */
export default defineCheck({
  id: 'aws-iam-admin-count',
  title: 'The number of administrators in each AWS account stays within the configured maximum',
  severity: 'medium',
  rationale:
    'Every administrator is a path to the whole account; a count that creeps up means rights granted for a task were never taken back.',
  remediation:
    'Review the administrators listed by aws-iam-admin-principals; remove administrator access from those who can work with narrower rights.',
  requires: ['aws-iam.authorizationDetails'],
  controls: ['iso27001:8.2', 'iso27001:5.15'],
  params: z
    .object({
      /** Users and roles with administrator access (directly or through a group) allowed per account. */
      maxAdministrators: z.number().int().nonnegative().default(5),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    // A conditional administrator counts: the condition limits when, not whether, it holds the rights.
    const admins = principalsGranted(data['aws-iam.authorizationDetails'], (e) => e.admin);
    const names = admins.map((a) => `${a.type}/${a.name}`).sort();
    const conditional = admins.filter((a) => a.verdict === 'conditional').map((a) => `${a.type}/${a.name}`);
    const observed = {
      administrators: admins.length,
      maxAdministrators: params.maxAdministrators,
      principals: names,
      conditional: conditional.sort(),
    };
    const of = conditional.length > 0 ? `, ${conditional.length} of them conditional` : '';
    const resource = scopeResource(scope, 'aws-account');
    if (admins.length > params.maxAdministrators) {
      return [
        {
          status: 'fail',
          resource,
          message: `Account ${scope.id} has ${admins.length} administrators${of}, more than the maximum of ${params.maxAdministrators}.`,
          observed,
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `Account ${scope.id} has ${admins.length} administrators${of} (maximum ${params.maxAdministrators}).`,
        observed,
      },
    ];
  },
});

import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { ROOT_USER } from '../../src/model/datasets/aws-iam.js';
import { daysSince } from '../../src/model/datasets/aws-iam-grants.js';
import {
  missingFromReportResults,
  notCovered,
  usersMissingFromReport,
} from '../../src/model/datasets/aws-iam-report.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console */
export default defineCheck({
  id: 'aws-iam-access-keys-rotated',
  title: 'Active IAM access keys are rotated within the configured age',
  severity: 'medium',
  rationale:
    'Long-lived keys end up in laptops, CI logs and old repositories; rotation bounds how long a copied key stays useful.',
  remediation:
    'Create a second key, move the workload to it, deactivate and then delete the old key; better, replace the user with a role (IAM Roles Anywhere, OIDC federation, instance profiles).',
  requires: ['aws-iam.credentialReport', 'aws-iam.authorizationDetails'],
  controls: ['iso27001:5.17'],
  params: z.object({ maxAgeDays: z.number().int().positive().default(90) }).strict(),
  evaluate(data, { scope, now, params }) {
    const report = data['aws-iam.credentialReport'];
    const rows = report.rows.filter((r) => r.user !== ROOT_USER);
    const missing = usersMissingFromReport(data['aws-iam.authorizationDetails'], report);
    const errors = missingFromReportResults(missing, report, scope, 'access keys');
    const results: CheckResult[] = [];
    let active = 0;
    for (const r of rows) {
      for (const n of [1, 2] as const) {
        if (!r[`access_key_${n}_active`]) continue;
        active++;
        const rotated = r[`access_key_${n}_last_rotated`];
        const age = rotated === null ? null : daysSince(rotated, now);
        if (age !== null && age <= params.maxAgeDays) continue;
        results.push({
          status: 'fail',
          resource: { type: 'aws-access-key', id: `${r.arn}#access_key_${n}`, name: `${r.user} access key ${n}` },
          message:
            age === null
              ? `Access key ${n} of ${r.user} in account ${scope.id} is active and has no rotation date.`
              : `Access key ${n} of ${r.user} in account ${scope.id} was last rotated ${age} days ago (limit ${params.maxAgeDays}).`,
          observed: { user: r.user, key: n, last_rotated: rotated, ageDays: age, maxAgeDays: params.maxAgeDays },
        });
      }
    }
    if (results.length > 0) return [...results, ...errors];
    return [
      ...errors,
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `All ${active} active access keys in account ${scope.id} were rotated within ${params.maxAgeDays} days${notCovered(missing)}.`,
        observed: { activeKeys: active, maxAgeDays: params.maxAgeDays },
      },
    ];
  },
});

import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { ROOT_USER, type CredentialReportRow } from '../../src/model/datasets/aws-iam.js';
import { daysSince, userResource } from '../../src/model/datasets/aws-iam-grants.js';
import {
  missingFromReportResults,
  notCovered,
  usersMissingFromReport,
} from '../../src/model/datasets/aws-iam-report.js';

/**
 * A credential counts as unused when its last use, or (never used) its creation or rotation, is older than the
 * limit: CIS AWS Foundations 1.12. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html
 */
function unusedCredentials(r: CredentialReportRow, now: Date, days: number): string[] {
  const out: string[] = [];
  const stale = (lastUsed: string | null, since: string | null) => {
    const ref = lastUsed ?? since;
    return ref === null || daysSince(ref, now) >= days;
  };
  if (r.password_enabled === true && stale(r.password_last_used, r.password_last_changed ?? r.user_creation_time)) {
    out.push(
      r.password_last_used
        ? `console password unused since ${r.password_last_used.slice(0, 10)}`
        : 'console password never used',
    );
  }
  for (const n of [1, 2] as const) {
    if (!r[`access_key_${n}_active`]) continue;
    const used = r[`access_key_${n}_last_used_date`];
    if (stale(used, r[`access_key_${n}_last_rotated`]))
      out.push(used ? `access key ${n} unused since ${used.slice(0, 10)}` : `access key ${n} never used`);
  }
  return out;
}

export default defineCheck({
  id: 'aws-iam-unused-credentials-disabled',
  title: 'IAM passwords and access keys unused for the configured period are disabled',
  severity: 'medium',
  rationale:
    'Credentials nobody uses are credentials nobody watches: they belong to people who left or workloads that moved, and are the first an attacker finds.',
  remediation:
    'Remove the console password or deactivate the access key (IAM → Users → Security credentials); delete the user if nobody claims it.',
  requires: ['aws-iam.credentialReport', 'aws-iam.authorizationDetails'],
  controls: ['iso27001:5.18', 'iso27001:5.16'],
  params: z.object({ days: z.number().int().positive().default(45) }).strict(),
  evaluate(data, { scope, now, params }) {
    const report = data['aws-iam.credentialReport'];
    const rows = report.rows.filter((r) => r.user !== ROOT_USER);
    const missing = usersMissingFromReport(data['aws-iam.authorizationDetails'], report);
    const errors = missingFromReportResults(missing, report, scope, 'passwords and access keys');
    const results: CheckResult[] = rows.flatMap((r) => {
      const unused = unusedCredentials(r, now, params.days);
      if (unused.length === 0) return [];
      return [
        {
          status: 'fail' as const,
          resource: userResource(r),
          message: `User ${r.user} in account ${scope.id} has credentials unused for ${params.days} days or more: ${unused.join(', ')}.`,
          observed: {
            user: r.user,
            unused,
            days: params.days,
            password_last_used: r.password_last_used,
            access_key_1_last_used_date: r.access_key_1_last_used_date,
            access_key_2_last_used_date: r.access_key_2_last_used_date,
          },
        },
      ];
    });
    if (results.length > 0) return [...results, ...errors];
    return [
      ...errors,
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `Every enabled password and active access key of the ${rows.length} IAM users in account ${scope.id} was used within ${params.days} days${notCovered(missing)}.`,
        observed: { users: rows.length, days: params.days },
      },
    ];
  },
});

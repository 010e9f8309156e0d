import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { ROOT_USER } from '../../src/model/datasets/aws-iam.js';
import { userResource } from '../../src/model/datasets/aws-iam-grants.js';
import {
  missingFromReportResults,
  notCovered,
  usersMissingFromReport,
} from '../../src/model/datasets/aws-iam-report.js';

/** CIS AWS Foundations 1.13. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html */
export default defineCheck({
  id: 'aws-iam-single-active-access-key',
  title: 'Each IAM user has at most one active access key',
  severity: 'low',
  rationale:
    'A second active key is allowed only for the minutes of a rotation; left on, it doubles what can leak and usually means the old key was never retired.',
  remediation:
    'Find which key the workload uses (access_key_N_last_used_date in the credential report), then deactivate and delete the other.',
  requires: ['aws-iam.credentialReport', 'aws-iam.authorizationDetails'],
  controls: ['iso27001:5.17'],
  evaluate(data, { scope }) {
    const report = data['aws-iam.credentialReport'];
    const rows = report.rows.filter((r) => r.user !== ROOT_USER);
    const missing = usersMissingFromReport(data['aws-iam.authorizationDetails'], report);
    const errors = missingFromReportResults(missing, report, scope, 'access keys');
    const results: CheckResult[] = rows
      .filter((r) => r.access_key_1_active && r.access_key_2_active)
      .map((r) => ({
        status: 'fail',
        resource: userResource(r),
        message: `User ${r.user} in account ${scope.id} has two active access keys.`,
        observed: {
          user: r.user,
          access_key_1_last_used_date: r.access_key_1_last_used_date,
          access_key_2_last_used_date: r.access_key_2_last_used_date,
        },
      }));
    if (results.length > 0) return [...results, ...errors];
    return [
      ...errors,
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `No IAM user in account ${scope.id} has two active access keys${notCovered(missing)}.`,
        observed: { users: rows.length },
      },
    ];
  },
});

import { defineCheck } from '../../src/model/check.js';
import { rootResource } from '../../src/model/datasets/aws-iam-grants.js';
import { rootAccessKeys } from '../../src/model/datasets/aws-iam-root.js';

/**
 * Rests on both GetAccountSummary's AccountAccessKeysPresent (live) and the credential report's root row; a missing
 * root row or a disagreement is an error, never a verdict from one number.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html
 */
export default defineCheck({
  id: 'aws-iam-root-no-access-keys',
  title: 'The AWS root user has no access keys',
  severity: 'critical',
  rationale:
    'A root access key is a permanent, unrestricted credential that no policy can limit; leaked from a laptop or a repository, it hands over the whole account.',
  remediation:
    'Sign in as the root user, delete its access keys (Security credentials → Access keys), and use IAM roles for automation.',
  requires: ['aws-iam.accountSummary', 'aws-iam.credentialReport'],
  controls: ['iso27001:5.17', 'iso27001:8.2', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const summary = data['aws-iam.accountSummary'];
    const report = data['aws-iam.credentialReport'];
    const resource = rootResource(scope.id);
    const keys = rootAccessKeys(scope.id, report, summary);
    if ('error' in keys) return [{ status: 'error', resource, message: keys.error }];
    const observed = {
      AccountAccessKeysPresent: summary.AccountAccessKeysPresent,
      access_key_1_active: keys.row.access_key_1_active,
      access_key_2_active: keys.row.access_key_2_active,
      reportGeneratedTime: report.generatedTime,
    };
    if (keys.value)
      return [
        { status: 'fail', resource, message: `The root user of account ${scope.id} has an access key.`, observed },
      ];
    return [
      { status: 'pass', resource, message: `The root user of account ${scope.id} has no access keys.`, observed },
    ];
  },
});

import { defineCheck } from '../../src/model/check.js';
import { rootResource } from '../../src/model/datasets/aws-iam-grants.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html */
export default defineCheck({
  id: 'aws-iam-root-no-access-keys',
  title: 'The AWS root user has no access keys',
  severity: 'critical',
  rationale:
    'A root access key is a permanent, unrestricted credential that no policy can limit; leaked from a laptop or a repository, it hands over the whole account.',
  remediation:
    'Sign in as the root user, delete its access keys (Security credentials → Access keys), and use IAM roles for automation.',
  requires: ['aws-iam.accountSummary'],
  controls: ['iso27001:5.17', 'iso27001:8.2', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const value = data['aws-iam.accountSummary'].AccountAccessKeysPresent;
    const resource = rootResource(scope.id);
    if (value === 0)
      return [
        {
          status: 'pass',
          resource,
          message: `The root user of account ${scope.id} has no access keys.`,
          observed: { AccountAccessKeysPresent: 0 },
        },
      ];
    if (value === 1)
      return [
        {
          status: 'fail',
          resource,
          message: `The root user of account ${scope.id} has an access key.`,
          observed: { AccountAccessKeysPresent: 1 },
        },
      ];
    return [
      {
        status: 'error',
        resource,
        message: `iam:GetAccountSummary did not return AccountAccessKeysPresent for account ${scope.id}.`,
        observed: { AccountAccessKeysPresent: value ?? 'absent' },
      },
    ];
  },
});

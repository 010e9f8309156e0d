import { defineCheck } from '../../src/model/check.js';
import { rootResource } from '../../src/model/datasets/aws-iam-grants.js';

/**
 * GetAccountSummary's AccountMFAEnabled is live, unlike the credential report, which may be four hours old.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html
 */
export default defineCheck({
  id: 'aws-iam-root-mfa-enabled',
  title: 'The AWS root user has multi-factor authentication enabled',
  severity: 'critical',
  rationale:
    'The root user can do anything in the account, including closing it and changing its contact details; a password alone is one phish away from losing the account.',
  remediation:
    'Sign in as the root user and assign an MFA device (a hardware key or passkey is best): Account menu → Security credentials → Assign MFA device.',
  requires: ['aws-iam.accountSummary'],
  controls: ['iso27001:5.17', 'iso27001:8.5', 'iso27001:8.2'],
  evaluate(data, { scope }) {
    const value = data['aws-iam.accountSummary'].AccountMFAEnabled;
    const resource = rootResource(scope.id);
    if (value === 1)
      return [
        {
          status: 'pass',
          resource,
          message: `The root user of account ${scope.id} has MFA enabled.`,
          observed: { AccountMFAEnabled: 1 },
        },
      ];
    if (value === 0)
      return [
        {
          status: 'fail',
          resource,
          message: `The root user of account ${scope.id} has no MFA device.`,
          observed: { AccountMFAEnabled: 0 },
        },
      ];
    return [
      {
        status: 'error',
        resource,
        message: `iam:GetAccountSummary did not return AccountMFAEnabled for account ${scope.id}.`,
        observed: { AccountMFAEnabled: value ?? 'absent' },
      },
    ];
  },
});

import { defineCheck } from '../../src/model/check.js';
import { rootResource } from '../../src/model/datasets/aws-iam-grants.js';
import { centrallyManagedRootWithoutCredentials, rootMfa } from '../../src/model/datasets/aws-iam-root.js';

/**
 * Root MFA rests on both the credential report's root row and GetAccountSummary's live AccountMFAEnabled; a missing
 * root row or a disagreement is an error (a root virtual MFA device enabled after the report explains a report that
 * still says false). A member account whose root has no credentials at all, in an organization that manages member
 * root credentials centrally, has nobody to sign in as root: not applicable.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 */
export default defineCheck({
  id: 'aws-iam-root-mfa-enabled',
  title: 'The AWS root user has multi-factor authentication enabled',
  severity: 'critical',
  rationale:
    'The root user can do anything in the account, including closing it and changing its contact details; a password alone is one phish away from losing the account.',
  remediation:
    'Sign in as the root user and assign an MFA device (a hardware key or passkey is best): Account menu → Security credentials → Assign MFA device. For member accounts, centralized root access (IAM → Root access management) can delete the root credentials instead.',
  requires: [
    'aws-iam.accountSummary',
    'aws-iam.credentialReport',
    'aws-iam.virtualMfaDevices',
    'aws-iam.rootAccessManagement',
  ],
  controls: ['iso27001:5.17', 'iso27001:8.5', 'iso27001:8.2'],
  evaluate(data, { scope }) {
    const summary = data['aws-iam.accountSummary'];
    const report = data['aws-iam.credentialReport'];
    const resource = rootResource(scope.id);
    const mfa = rootMfa(scope.id, report, summary, data['aws-iam.virtualMfaDevices']);
    if ('error' in mfa) return [{ status: 'error', resource, message: mfa.error }];
    const observed = {
      AccountMFAEnabled: summary.AccountMFAEnabled,
      reportMfaActive: mfa.row.mfa_active,
      reportGeneratedTime: report.generatedTime,
    };
    if (mfa.value)
      return [{ status: 'pass', resource, message: `The root user of account ${scope.id} has MFA enabled.`, observed }];
    const central = centrallyManagedRootWithoutCredentials(summary, data['aws-iam.rootAccessManagement']);
    if (central.status === 'yes')
      return [
        {
          status: 'not_applicable',
          resource,
          message: `The root user of account ${scope.id} has no credentials (no password, access key or MFA device) and the organization${central.organizationId ? ` ${central.organizationId}` : ''} manages member root credentials centrally (RootCredentialsManagement), so nobody can sign in as root.`,
          observed: { ...observed, AccountPasswordPresent: summary.AccountPasswordPresent, centralRootAccess: true },
        },
      ];
    if (central.status === 'unknown')
      return [
        {
          status: 'error',
          resource,
          message: `The root user of account ${scope.id} has no MFA and no other credentials, and whether the organization manages root credentials centrally is unknown: ${central.why}.`,
          observed,
        },
      ];
    return [{ status: 'fail', resource, message: `The root user of account ${scope.id} has no MFA device.`, observed }];
  },
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-root-mfa-enabled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import type { CredentialReport, RootAccessManagement } from '../../../src/model/datasets/aws-iam.js';
import { ROOT_ARN, denied, deniedMessage, report, row, rootRow, scope } from './aws-iam-fixtures.js';

const CENTRAL: RootAccessManagement = {
  organizationId: 'o-aa111bb222',
  enabledFeatures: ['RootCredentialsManagement', 'RootSessions'],
};
const NONE: RootAccessManagement = { organizationId: 'o-aa111bb222', enabledFeatures: [] };
const noMfa = { ...report(), rows: [rootRow({ mfa_active: false })] };
const noCredentials = {
  AccountMFAEnabled: 0,
  AccountAccessKeysPresent: 0,
  AccountPasswordPresent: 0,
  AccountSigningCertificatesPresent: 0,
};
const run = (
  summary: Record<string, number>,
  r: CredentialReport = report(),
  features: RootAccessManagement = NONE,
  devices: unknown[] = [],
) =>
  evaluate(check, {
    scope,
    data: {
      'aws-iam.accountSummary': summary,
      'aws-iam.credentialReport': r,
      'aws-iam.virtualMfaDevices': devices,
      'aws-iam.rootAccessManagement': features,
    },
  });

describe('aws-iam-root-mfa-enabled', () => {
  it('passes when the account summary and the credential report both show root MFA', () => {
    const fs = run({ AccountMFAEnabled: 1, Users: 4 });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has MFA enabled.']);
  });

  it('passes when a root virtual MFA device enabled after the report explains a report that still says false', () => {
    const devices = [{ SerialNumber: 'x', UserArn: ROOT_ARN, EnableDate: '2026-11-23T11:00:00.000Z' }];
    expect(statuses(run({ AccountMFAEnabled: 1 }, noMfa, NONE, devices))).toEqual(['pass']);
  });

  it('fails on the root user when both sources say it has no MFA device', () => {
    const fs = run({ AccountMFAEnabled: 0, AccountPasswordPresent: 1 }, noMfa);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has no MFA device.']);
    expect(fs[0]!.resource).toEqual({ type: 'aws-root-user', id: ROOT_ARN, name: 'root user' });
    expect(fs[0]!.severity).toBe('critical');
    // Centralized root access does not excuse a root that still has a password.
    expect(statuses(run({ ...noCredentials, AccountPasswordPresent: 1 }, noMfa, CENTRAL))).toEqual(['fail']);
    // Nor does a root without credentials in an organization that does not manage them centrally.
    expect(statuses(run(noCredentials, noMfa, NONE))).toEqual(['fail']);
  });

  it('is not applicable for a member root with no credentials under centralized root access management', () => {
    const fs = run(noCredentials, noMfa, CENTRAL);
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'The root user of account 111122223333 has no credentials (no password, access key or MFA device) and the organization o-aa111bb222 manages member root credentials centrally (RootCredentialsManagement), so nobody can sign in as root.',
    ]);
  });

  it('is an error when a root without credentials may be centrally managed but the features could not be read', () => {
    const failed: RootAccessManagement = {
      failed: {
        operation: 'iam:ListOrganizationsFeatures',
        message: 'AccountNotManagementOrDelegatedAdministratorException: not the management account',
        status: 400,
      },
    };
    const fs = run(noCredentials, noMfa, failed);
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'The root user of account 111122223333 has no MFA and no other credentials, and whether the organization manages root credentials centrally is unknown: iam:ListOrganizationsFeatures failed (AccountNotManagementOrDelegatedAdministratorException: not the management account).',
    ]);
  });

  it('is an error, never a verdict from one number, when the report has no root row or the sources disagree', () => {
    const noRoot = run({ AccountMFAEnabled: 1 }, { ...report(), rows: [row('ada')] });
    expect(statuses(noRoot)).toEqual(['error']);
    expect(messages(noRoot)).toEqual([
      'The credential report of account 111122223333 (generated 2026-11-23T10:00:00.000Z) has no <root_account> row, which AWS always includes, so root MFA cannot be corroborated.',
    ]);
    const disagree = run({ AccountMFAEnabled: 1 }, noMfa);
    expect(messages(disagree)).toEqual([
      'The sources disagree on root MFA in account 111122223333: iam:GetAccountSummary says AccountMFAEnabled=1, the credential report generated 2026-11-23T10:00:00.000Z says mfa_active=false; the next report (AWS makes one every four hours) settles it.',
    ]);
    expect(statuses(run({ AccountMFAEnabled: 0 }))).toEqual(['error']);
  });

  it('is an error when the summary lacks the key or the call was refused', () => {
    expect(messages(run({ Users: 4 }))).toEqual([
      'iam:GetAccountSummary did not return AccountMFAEnabled for account 111122223333.',
    ]);
    const fs = evaluate(check, {
      scope,
      data: {
        'aws-iam.credentialReport': report(),
        'aws-iam.virtualMfaDevices': [],
        'aws-iam.rootAccessManagement': NONE,
      },
      missing: { 'aws-iam.accountSummary': denied('iam:GetAccountSummary') },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountSummary')]);
  });
});

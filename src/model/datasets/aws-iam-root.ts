import { isFailed, describeFailure } from './aws-call-failure.js';
import {
  ROOT_USER,
  type CredentialReport,
  type CredentialReportRow,
  type RootAccessManagement,
  type VirtualMfaDevice,
} from './aws-iam.js';

export const ROOT_CREDENTIALS_MANAGEMENT = 'RootCredentialsManagement';

/** GetAccountSummary's SummaryMap. */
type Summary = Record<string, number>;

export type Corroborated<T> = { value: T; row: CredentialReportRow } | { error: string };

const noRootRow = (account: string, what: string, report: CredentialReport) =>
  `The credential report of account ${account} (generated ${report.generatedTime}) has no ${ROOT_USER} row, which AWS always includes, so ${what} cannot be corroborated.`;

/**
 * Root MFA from both sources: GetAccountSummary's AccountMFAEnabled (live) and the credential report's root row (up
 * to four hours old). A root virtual MFA device enabled after the report explains a report that still says false;
 * any other disagreement, or a missing value, is an error, never a verdict from one number.
 */
export function rootMfa(
  account: string,
  report: CredentialReport,
  summary: Summary,
  devices: readonly VirtualMfaDevice[],
): Corroborated<boolean> {
  const live = summary.AccountMFAEnabled;
  if (live !== 0 && live !== 1)
    return { error: `iam:GetAccountSummary did not return AccountMFAEnabled for account ${account}.` };
  const row = report.rows.find((r) => r.user === ROOT_USER);
  if (!row) return { error: noRootRow(account, 'root MFA', report) };
  const enabledSince = devices.some(
    (d) =>
      d.UserArn?.endsWith(':root') === true &&
      d.EnableDate !== undefined &&
      Date.parse(d.EnableDate) > Date.parse(report.generatedTime),
  );
  if ((live === 1) === row.mfa_active || (live === 1 && enabledSince)) return { value: live === 1, row };
  return {
    error: `The sources disagree on root MFA in account ${account}: iam:GetAccountSummary says AccountMFAEnabled=${live}, the credential report generated ${report.generatedTime} says mfa_active=${row.mfa_active}; the next report (AWS makes one every four hours) settles it.`,
  };
}

/** Root access keys from both sources: AccountAccessKeysPresent and the root row's access_key_N_active. */
export function rootAccessKeys(account: string, report: CredentialReport, summary: Summary): Corroborated<boolean> {
  const live = summary.AccountAccessKeysPresent;
  if (live !== 0 && live !== 1)
    return { error: `iam:GetAccountSummary did not return AccountAccessKeysPresent for account ${account}.` };
  const row = report.rows.find((r) => r.user === ROOT_USER);
  if (!row) return { error: noRootRow(account, 'root access keys', report) };
  const inReport = row.access_key_1_active || row.access_key_2_active;
  if ((live === 1) === inReport) return { value: inReport, row };
  return {
    error: `The sources disagree on root access keys in account ${account}: iam:GetAccountSummary says AccountAccessKeysPresent=${live}, the credential report generated ${report.generatedTime} says ${inReport ? 'an access key is active' : 'no access key is active'}; the next report (AWS makes one every four hours) settles it.`,
  };
}

/**
 * Whether root MFA is moot because the organization manages member root credentials centrally and this root has
 * none: `yes` with the organization id, `no`, or `unknown` with why (the features could not be read, the summary
 * does not say whether a root password exists).
 */
export function centrallyManagedRootWithoutCredentials(
  summary: Summary,
  features: RootAccessManagement,
): { status: 'yes'; organizationId: string | null } | { status: 'no' } | { status: 'unknown'; why: string } {
  const noCredentials =
    summary.AccountMFAEnabled === 0 &&
    summary.AccountAccessKeysPresent === 0 &&
    (summary.AccountSigningCertificatesPresent ?? 0) === 0;
  if (!noCredentials || summary.AccountPasswordPresent === 1) return { status: 'no' };
  if (isFailed(features)) return { status: 'unknown', why: describeFailure(features.failed) };
  if (!features.enabledFeatures.includes(ROOT_CREDENTIALS_MANAGEMENT)) return { status: 'no' };
  if (summary.AccountPasswordPresent !== 0)
    return { status: 'unknown', why: 'iam:GetAccountSummary did not return AccountPasswordPresent' };
  return { status: 'yes', organizationId: features.organizationId };
}

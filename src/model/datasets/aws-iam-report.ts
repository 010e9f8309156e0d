import type { CheckResult } from '../check.js';
import type { Scope } from '../scope.js';
import type { AuthorizationDetails, CredentialReport } from './aws-iam.js';

type User = AuthorizationDetails['users'][number];

/**
 * Users IAM lists (GetAccountAuthorizationDetails) that the credential report does not have: created after the
 * report, which AWS reuses for up to four hours. Their credentials are unknown, never clean.
 */
export function usersMissingFromReport(details: AuthorizationDetails, report: CredentialReport): User[] {
  const inReport = new Set(report.rows.map((r) => r.arn));
  return details.users.filter((u) => !inReport.has(u.Arn));
}

/** One `error` per user the report lacks, naming what of it could not be judged. */
export function missingFromReportResults(
  missing: readonly User[],
  report: CredentialReport,
  scope: Scope,
  what: string,
): CheckResult[] {
  return missing.map((u) => ({
    status: 'error',
    resource: { type: 'aws-iam-user', id: u.Arn, name: u.UserName },
    message: `User ${u.UserName} in account ${scope.id} (created ${u.CreateDate}) is not in the credential report generated ${report.generatedTime}, so its ${what} cannot be judged; the next report includes it.`,
    observed: { user: u.UserName, createDate: u.CreateDate, reportGeneratedTime: report.generatedTime },
  }));
}

/** `, and N users the report lacks are reported as error`: what a pass did not cover. */
export const notCovered = (missing: readonly User[]): string =>
  missing.length === 0
    ? ''
    : `; ${missing.length} user${missing.length === 1 ? '' : 's'} missing from the credential report ${missing.length === 1 ? 'is' : 'are'} reported as error`;

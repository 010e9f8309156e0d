import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { ROOT_USER } from '../../src/model/datasets/aws-iam.js';
import { userResource } from '../../src/model/datasets/aws-iam-grants.js';
import {
  missingFromReportResults,
  notCovered,
  usersMissingFromReport,
} from '../../src/model/datasets/aws-iam-report.js';

/**
 * The credential report can be four hours old, so a user it shows without MFA who has a virtual MFA device assigned
 * now (ListVirtualMFADevices) is counted as having MFA. Hardware and passkey devices enabled since the report
 * show only in the next report. A user IAM lists but the report lacks (created since) is an error, not skipped.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html
 */
export default defineCheck({
  id: 'aws-iam-console-users-mfa',
  // 2: no executive tag of its own (executives are people.executives, judged across systems by the people checks).
  version: 2,
  title: 'Every IAM user with a console password has MFA',
  severity: 'high',
  rationale:
    'A console password without a second factor falls to phishing, reuse or guessing. Executives, who are targeted first, are declared once under people.executives: people-executives-protected fails an executive whose linked IAM user lacks MFA as critical.',
  remediation:
    'Have the user assign an MFA device (IAM → Users → Security credentials → Assign MFA), or remove the console password if they do not need it; better, move people to IAM Identity Center.',
  requires: ['aws-iam.credentialReport', 'aws-iam.virtualMfaDevices', 'aws-iam.authorizationDetails'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const report = data['aws-iam.credentialReport'];
    const mfaNow = new Set(
      data['aws-iam.virtualMfaDevices'].flatMap((d) => [d.UserArn, d.UserName].filter((v): v is string => Boolean(v))),
    );
    const consoleUsers = report.rows.filter((r) => r.user !== ROOT_USER && r.password_enabled === true);
    const without = consoleUsers.filter((r) => !r.mfa_active && !mfaNow.has(r.arn) && !mfaNow.has(r.user));
    const missing = usersMissingFromReport(data['aws-iam.authorizationDetails'], report);
    const errors = missingFromReportResults(missing, report, scope, 'console password and MFA');
    if (without.length === 0) {
      return [
        ...errors,
        {
          status: 'pass',
          resource: scopeResource(scope, 'aws-account'),
          message: `All ${consoleUsers.length} IAM users with a console password in account ${scope.id} have MFA${notCovered(missing)}.`,
          observed: { consoleUsers: consoleUsers.length, withoutMfa: 0, reportGeneratedTime: report.generatedTime },
        },
      ];
    }
    const fails = without
      .sort((a, b) => a.user.localeCompare(b.user))
      .map((r): CheckResult => ({
        status: 'fail',
        resource: userResource(r),
        message: `User ${r.user} in account ${scope.id} can sign in to the console without MFA.`,
        observed: {
          user: r.user,
          password_last_used: r.password_last_used,
          mfa_active: false,
          reportGeneratedTime: report.generatedTime,
        },
      }));
    return [...fails, ...errors];
  },
});

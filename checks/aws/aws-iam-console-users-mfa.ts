import { z } from 'zod';
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
  title: 'Every IAM user with a console password has MFA',
  severity: 'high',
  rationale:
    'A console password without a second factor falls to phishing, reuse or guessing; executives are targeted first and are listed first.',
  remediation:
    'Have the user assign an MFA device (IAM → Users → Security credentials → Assign MFA), or remove the console password if they do not need it; better, move people to IAM Identity Center.',
  requires: ['aws-iam.credentialReport', 'aws-iam.virtualMfaDevices', 'aws-iam.authorizationDetails'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  params: z
    .object({
      /** Users carrying this tag (any value but "false") are executives: listed first, severity critical. */
      executiveTag: z.string().min(1).default('assay:executive'),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const report = data['aws-iam.credentialReport'];
    const mfaNow = new Set(
      data['aws-iam.virtualMfaDevices'].flatMap((d) => [d.UserArn, d.UserName].filter((v): v is string => Boolean(v))),
    );
    const executives = new Set(
      data['aws-iam.authorizationDetails'].users
        .filter((u) => u.Tags.some((t) => t.Key === params.executiveTag && t.Value.toLowerCase() !== 'false'))
        .map((u) => u.Arn),
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
      .map((r) => ({ r, exec: executives.has(r.arn) }))
      .sort((a, b) => Number(b.exec) - Number(a.exec) || a.r.user.localeCompare(b.r.user))
      .map(({ r, exec }): CheckResult => ({
        status: 'fail',
        ...(exec ? { severity: 'critical' as const } : {}),
        resource: userResource(r),
        message: `${exec ? 'Executive' : 'User'} ${r.user} in account ${scope.id} can sign in to the console without MFA.`,
        observed: {
          user: r.user,
          executive: exec,
          password_last_used: r.password_last_used,
          mfa_active: false,
          reportGeneratedTime: report.generatedTime,
        },
      }));
    return [...fails, ...errors];
  },
});

import { z } from 'zod';
import { defineCheck, scopeResource } from '../../src/model/check.js';
import { ROOT_USER } from '../../src/model/datasets/aws-iam.js';
import { usersMissingFromReport } from '../../src/model/datasets/aws-iam-report.js';

/**
 * Defaults follow CIS AWS Foundations 1.8 (length 14) and 1.9 (reuse prevention 24); composition rules and expiry
 * are off by default, as NIST SP 800-63B advises, and can be required here. The policy governs IAM users' console
 * passwords only (not the root's): with no such password (everyone signs in through SSO) it is not applicable.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
export default defineCheck({
  id: 'aws-iam-password-policy',
  title: 'The IAM password policy meets the configured minimums',
  severity: 'medium',
  rationale:
    'Without a policy AWS accepts 8-character passwords and reuse; a policy sets the floor for every console password in the account.',
  remediation:
    'IAM → Account settings → Password policy → Edit: set the minimum length and reuse prevention (and any rules configured for this check).',
  requires: ['aws-iam.passwordPolicy', 'aws-iam.credentialReport', 'aws-iam.authorizationDetails'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  params: z
    .object({
      minimumLength: z.number().int().min(6).max(128).default(14),
      /** Remembered passwords a user may not reuse; 0 does not require it. */
      reusePrevention: z.number().int().min(0).max(24).default(24),
      requireSymbols: z.boolean().default(false),
      requireNumbers: z.boolean().default(false),
      requireUppercase: z.boolean().default(false),
      requireLowercase: z.boolean().default(false),
      /** When set, passwords must expire within this many days. */
      maxAgeDays: z.number().int().positive().nullable().default(null),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const policy = data['aws-iam.passwordPolicy'].policy;
    const resource = scopeResource(scope, 'aws-account');
    const report = data['aws-iam.credentialReport'];
    const consoleUsers = report.rows.filter((r) => r.user !== ROOT_USER && r.password_enabled === true).length;
    if (consoleUsers === 0) {
      const missing = usersMissingFromReport(data['aws-iam.authorizationDetails'], report);
      if (missing.length > 0)
        return [
          {
            status: 'error',
            resource,
            message: `No IAM user in the credential report of account ${scope.id} (generated ${report.generatedTime}) has a console password, but ${missing.map((u) => u.UserName).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in it, so whether anyone signs in with an IAM password is unknown.`,
            observed: { consoleUsers, missingFromReport: missing.map((u) => u.UserName) },
          },
        ];
      const users = report.rows.filter((r) => r.user !== ROOT_USER).length;
      return [
        {
          status: 'not_applicable',
          resource,
          message: `None of the ${users} IAM users in account ${scope.id} has a console password (people sign in through federation or IAM Identity Center), so the IAM password policy governs no one.`,
          observed: { consoleUsers, users, policy, reportGeneratedTime: report.generatedTime },
        },
      ];
    }
    if (policy === null) {
      return [
        {
          status: 'fail',
          resource,
          message: `Account ${scope.id} has no IAM password policy, so AWS's default (8 characters, reuse allowed) applies.`,
          observed: { policy: null },
        },
      ];
    }
    const gaps: string[] = [];
    if ((policy.MinimumPasswordLength ?? 8) < params.minimumLength)
      gaps.push(`minimum length ${policy.MinimumPasswordLength ?? 8} < ${params.minimumLength}`);
    if (params.reusePrevention > 0 && (policy.PasswordReusePrevention ?? 0) < params.reusePrevention)
      gaps.push(`reuse prevention ${policy.PasswordReusePrevention ?? 0} < ${params.reusePrevention}`);
    if (params.requireSymbols && !policy.RequireSymbols) gaps.push('symbols not required');
    if (params.requireNumbers && !policy.RequireNumbers) gaps.push('numbers not required');
    if (params.requireUppercase && !policy.RequireUppercaseCharacters) gaps.push('uppercase letters not required');
    if (params.requireLowercase && !policy.RequireLowercaseCharacters) gaps.push('lowercase letters not required');
    if (
      params.maxAgeDays !== null &&
      !(policy.ExpirePasswords && (policy.MaxPasswordAge ?? Infinity) <= params.maxAgeDays)
    ) {
      gaps.push(`passwords do not expire within ${params.maxAgeDays} days`);
    }
    const observed = { policy, required: params, consoleUsers };
    if (gaps.length > 0)
      return [
        {
          status: 'fail',
          resource,
          message: `The IAM password policy of account ${scope.id} falls short: ${gaps.join('; ')}.`,
          observed,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `The IAM password policy of account ${scope.id} meets the configured minimums.`,
        observed,
      },
    ];
  },
});

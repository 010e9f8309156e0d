import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-password-policy.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { denied, deniedMessage, details, report, reportData, row, scope, user } from './aws-iam-fixtures.js';

const consoleUser = reportData(report(row('ada'), row('ci', { password_enabled: false })));

const strong = {
  MinimumPasswordLength: 16,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: false,
  PasswordReusePrevention: 24,
};

describe('aws-iam-password-policy', () => {
  it('passes when the policy meets the minimums', () => {
    const fs = evaluate(check, { scope, data: { ...consoleUser, 'aws-iam.passwordPolicy': { policy: strong } } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['The IAM password policy of account 111122223333 meets the configured minimums.']);
  });

  it('fails listing each shortfall, including configured composition and expiry rules', () => {
    const weak = { MinimumPasswordLength: 8, RequireNumbers: true, ExpirePasswords: false };
    const fs = evaluate(check, {
      scope,
      params: { requireSymbols: true, maxAgeDays: 90 },
      data: { ...consoleUser, 'aws-iam.passwordPolicy': { policy: weak } },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'The IAM password policy of account 111122223333 falls short: minimum length 8 < 14; reuse prevention 0 < 24; symbols not required; passwords do not expire within 90 days.',
    ]);
  });

  it('fails when the account has no password policy (NoSuchEntity is a value, not an error)', () => {
    const fs = evaluate(check, { scope, data: { ...consoleUser, 'aws-iam.passwordPolicy': { policy: null } } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      "Account 111122223333 has no IAM password policy, so AWS's default (8 characters, reuse allowed) applies.",
    ]);
  });

  it('is not applicable when no IAM user has a console password (everyone signs in through SSO)', () => {
    const programmatic = reportData(
      report(row('ci', { password_enabled: false }), row('etl', { password_enabled: false })),
    );
    const fs = evaluate(check, { scope, data: { ...programmatic, 'aws-iam.passwordPolicy': { policy: null } } });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'None of the 2 IAM users in account 111122223333 has a console password (people sign in through federation or IAM Identity Center), so the IAM password policy governs no one.',
    ]);
  });

  it('is an error, not not_applicable, when a user missing from the credential report might have a password', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'aws-iam.credentialReport': report(row('ci', { password_enabled: false })),
        'aws-iam.authorizationDetails': details({ users: [user('ci'), user('new.hire')] }),
        'aws-iam.passwordPolicy': { policy: null },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'No IAM user in the credential report of account 111122223333 (generated 2026-11-23T10:00:00.000Z) has a console password, but new.hire is not in it, so whether anyone signs in with an IAM password is unknown.',
    ]);
  });

  it('is an error when the policy could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: consoleUser,
      missing: { 'aws-iam.passwordPolicy': denied('iam:GetAccountPasswordPolicy') },
    });
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountPasswordPolicy')]);
  });
});

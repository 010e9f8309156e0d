import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-password-policy.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { denied, deniedMessage, scope } from './aws-iam-fixtures.js';

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
    const fs = evaluate(check, { scope, data: { 'aws-iam.passwordPolicy': { policy: strong } } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['The IAM password policy of account 111122223333 meets the configured minimums.']);
  });

  it('fails listing each shortfall, including configured composition and expiry rules', () => {
    const weak = { MinimumPasswordLength: 8, RequireNumbers: true, ExpirePasswords: false };
    const fs = evaluate(check, {
      scope,
      params: { requireSymbols: true, maxAgeDays: 90 },
      data: { 'aws-iam.passwordPolicy': { policy: weak } },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'The IAM password policy of account 111122223333 falls short: minimum length 8 < 14; reuse prevention 0 < 24; symbols not required; passwords do not expire within 90 days.',
    ]);
  });

  it('fails when the account has no password policy (NoSuchEntity is a value, not an error)', () => {
    const fs = evaluate(check, { scope, data: { 'aws-iam.passwordPolicy': { policy: null } } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      "Account 111122223333 has no IAM password policy, so AWS's default (8 characters, reuse allowed) applies.",
    ]);
  });

  it('is an error when the policy could not be read', () => {
    const fs = evaluate(check, {
      scope,
      missing: { 'aws-iam.passwordPolicy': denied('iam:GetAccountPasswordPolicy') },
    });
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountPasswordPolicy')]);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-root-no-access-keys.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { denied, deniedMessage, report, row, rootRow, scope } from './aws-iam-fixtures.js';

const withKey = rootRow({ access_key_1_active: true, access_key_1_last_rotated: '2024-01-01T00:00:00.000Z' });
const run = (summary: Record<string, number>, rows = report()) =>
  evaluate(check, { scope, data: { 'aws-iam.accountSummary': summary, 'aws-iam.credentialReport': rows } });

describe('aws-iam-root-no-access-keys', () => {
  it('passes when the summary and the report agree the root user has no access keys', () => {
    const fs = run({ AccountAccessKeysPresent: 0 });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has no access keys.']);
  });

  it('fails when both say a root access key exists', () => {
    const fs = run({ AccountAccessKeysPresent: 1 }, { ...report(), rows: [withKey] });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has an access key.']);
  });

  it('is an error, never a verdict from one number, when the report has no root row or the sources disagree', () => {
    const noRoot = run({ AccountAccessKeysPresent: 0 }, { ...report(), rows: [row('ada')] });
    expect(statuses(noRoot)).toEqual(['error']);
    expect(messages(noRoot)).toEqual([
      'The credential report of account 111122223333 (generated 2026-11-23T10:00:00.000Z) has no <root_account> row, which AWS always includes, so root access keys cannot be corroborated.',
    ]);
    const disagree = run({ AccountAccessKeysPresent: 0 }, { ...report(), rows: [withKey] });
    expect(statuses(disagree)).toEqual(['error']);
    expect(messages(disagree)).toEqual([
      'The sources disagree on root access keys in account 111122223333: iam:GetAccountSummary says AccountAccessKeysPresent=0, the credential report generated 2026-11-23T10:00:00.000Z says an access key is active; the next report (AWS makes one every four hours) settles it.',
    ]);
    expect(statuses(run({ AccountAccessKeysPresent: 1 }))).toEqual(['error']);
  });

  it('is an error when the summary lacks the key or could not be read', () => {
    expect(messages(run({ Users: 3 }))).toEqual([
      'iam:GetAccountSummary did not return AccountAccessKeysPresent for account 111122223333.',
    ]);
    const fs = evaluate(check, {
      scope,
      data: { 'aws-iam.credentialReport': report() },
      missing: { 'aws-iam.accountSummary': denied('iam:GetAccountSummary') },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountSummary')]);
  });
});

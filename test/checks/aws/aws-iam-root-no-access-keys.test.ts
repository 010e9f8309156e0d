import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-root-no-access-keys.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { denied, deniedMessage, scope } from './aws-iam-fixtures.js';

describe('aws-iam-root-no-access-keys', () => {
  it('passes when the root user has no access keys', () => {
    const fs = evaluate(check, { scope, data: { 'aws-iam.accountSummary': { AccountAccessKeysPresent: 0 } } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has no access keys.']);
  });

  it('fails when a root access key exists', () => {
    const fs = evaluate(check, { scope, data: { 'aws-iam.accountSummary': { AccountAccessKeysPresent: 1 } } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has an access key.']);
  });

  it('is an error when the summary could not be read', () => {
    const fs = evaluate(check, { scope, missing: { 'aws-iam.accountSummary': denied('iam:GetAccountSummary') } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountSummary')]);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-root-mfa-enabled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ROOT_ARN, denied, deniedMessage, scope } from './aws-iam-fixtures.js';

describe('aws-iam-root-mfa-enabled', () => {
  it('passes when the account summary shows root MFA', () => {
    const fs = evaluate(check, { scope, data: { 'aws-iam.accountSummary': { AccountMFAEnabled: 1, Users: 4 } } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has MFA enabled.']);
  });

  it('fails on the root user when it has no MFA device', () => {
    const fs = evaluate(check, { scope, data: { 'aws-iam.accountSummary': { AccountMFAEnabled: 0 } } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 has no MFA device.']);
    expect(fs[0]!.resource).toEqual({ type: 'aws-root-user', id: ROOT_ARN, name: 'root user' });
    expect(fs[0]!.severity).toBe('critical');
  });

  it('is an error when the summary lacks the key or the call was refused', () => {
    expect(statuses(evaluate(check, { scope, data: { 'aws-iam.accountSummary': { Users: 4 } } }))).toEqual(['error']);
    const fs = evaluate(check, { scope, missing: { 'aws-iam.accountSummary': denied('iam:GetAccountSummary') } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountSummary')]);
  });
});

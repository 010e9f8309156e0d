import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-root-not-used-recently.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { denied, deniedMessage, report, row, rootRow, scope } from './aws-iam-fixtures.js';

describe('aws-iam-root-not-used-recently', () => {
  it('passes when the root user was last used long ago, or never', () => {
    const fs = evaluate(check, { scope, data: { 'aws-iam.credentialReport': report(row('ada')) } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 was last used 325 days ago.']);
    const never = { generatedTime: '2026-11-23T10:00:00.000Z', rows: [rootRow({ password_last_used: null })] };
    expect(messages(evaluate(check, { scope, data: { 'aws-iam.credentialReport': never } }))).toEqual([
      'The root user of account 111122223333 has no recorded use.',
    ]);
  });

  it('fails when the password or an access key of root was used within the period, naming the latest use', () => {
    const data = {
      generatedTime: '2026-11-23T10:00:00.000Z',
      rows: [rootRow({ access_key_1_active: true, access_key_1_last_used_date: '2026-11-21T10:00:00.000Z' })],
    };
    const fs = evaluate(check, { scope, data: { 'aws-iam.credentialReport': data } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['The root user of account 111122223333 was used 2 days ago (access key 1).']);
    expect(
      statuses(evaluate(check, { scope, data: { 'aws-iam.credentialReport': data }, params: { days: 1 } })),
    ).toEqual(['pass']);
  });

  it('is an error when the report has no root row or could not be read', () => {
    const noRoot = { generatedTime: '2026-11-23T10:00:00.000Z', rows: [row('ada')] };
    expect(messages(evaluate(check, { scope, data: { 'aws-iam.credentialReport': noRoot } }))).toEqual([
      'The credential report of account 111122223333 has no root user row.',
    ]);
    const fs = evaluate(check, { scope, missing: { 'aws-iam.credentialReport': denied('iam:GetCredentialReport') } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:GetCredentialReport')]);
  });
});

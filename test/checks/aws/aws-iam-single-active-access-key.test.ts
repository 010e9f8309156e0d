import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-single-active-access-key.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { denied, deniedMessage, report, row, rootRow, scope, reportData, details, user } from './aws-iam-fixtures.js';

describe('aws-iam-single-active-access-key', () => {
  it('passes when nobody has two active keys (an inactive second key is fine)', () => {
    const fs = evaluate(check, {
      scope,
      data: reportData(report(row('ci', { access_key_1_active: true, access_key_2_active: false }))),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['No IAM user in account 111122223333 has two active access keys.']);
  });

  it('fails per user with two active keys, leaving the root user to its own checks', () => {
    const data = {
      generatedTime: '2026-11-23T10:00:00.000Z',
      rows: [
        rootRow({ access_key_1_active: true, access_key_2_active: true }),
        row('ci', { access_key_1_active: true, access_key_2_active: true }),
      ],
    };
    const fs = evaluate(check, { scope, data: reportData(data) });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['User ci in account 111122223333 has two active access keys.']);
  });

  it('is an error, naming the user, for a user IAM lists but the credential report lacks', () => {
    const r = report(row('ci'));
    const fs = evaluate(check, {
      scope,
      data: {
        ...reportData(r),
        'aws-iam.authorizationDetails': details({
          users: [user('ci'), user('new.hire', { CreateDate: '2026-11-23T11:00:00.000Z' })],
        }),
      },
    });
    expect(statuses(fs)).toEqual(['error', 'pass']);
    expect(messages(fs)[0]).toBe(
      'User new.hire in account 111122223333 (created 2026-11-23T11:00:00.000Z) is not in the credential report generated 2026-11-23T10:00:00.000Z, so its access keys cannot be judged; the next report includes it.',
    );
    expect(messages(fs)[1]).toBe(
      'No IAM user in account 111122223333 has two active access keys; 1 user missing from the credential report is reported as error.',
    );
  });

  it('is an error when the credential report could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-iam.authorizationDetails': details() },
      missing: { 'aws-iam.credentialReport': denied('iam:GetCredentialReport') },
    });
    expect(messages(fs)).toEqual([deniedMessage('iam:GetCredentialReport')]);
  });
});

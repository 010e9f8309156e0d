import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-unused-credentials-disabled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { arnOf, denied, deniedMessage, report, row, scope, reportData, details, user } from './aws-iam-fixtures.js';

describe('aws-iam-unused-credentials-disabled', () => {
  it('passes when every enabled credential was used within the period', () => {
    const fs = evaluate(check, {
      scope,
      data: reportData(
        report(
          row('ada'),
          row('ci', {
            password_enabled: false,
            access_key_1_active: true,
            access_key_1_last_rotated: '2026-01-01T00:00:00.000Z',
            access_key_1_last_used_date: '2026-11-22T00:00:00.000Z',
          }),
        ),
      ),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'Every enabled password and active access key of the 2 IAM users in account 111122223333 was used within 45 days.',
    ]);
  });

  it('fails per user with stale or never-used credentials, listing them', () => {
    const fs = evaluate(check, {
      scope,
      data: reportData(
        report(
          row('dormant', { password_last_used: '2026-08-01T00:00:00.000Z' }),
          row('fresh', { password_last_used: null, password_last_changed: '2026-11-20T00:00:00.000Z' }),
          row('ci', {
            password_enabled: false,
            access_key_1_active: true,
            access_key_1_last_rotated: '2026-09-01T00:00:00.000Z',
            access_key_1_last_used_date: null,
          }),
        ),
      ),
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'User dormant in account 111122223333 has credentials unused for 45 days or more: console password unused since 2026-08-01.',
      'User ci in account 111122223333 has credentials unused for 45 days or more: access key 1 never used.',
    ]);
    expect(fs[1]!.resource.id).toBe(arnOf('ci'));
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
      'User new.hire in account 111122223333 (created 2026-11-23T11:00:00.000Z) is not in the credential report generated 2026-11-23T10:00:00.000Z, so its passwords and access keys cannot be judged; the next report includes it.',
    );
    expect(messages(fs)[1]).toMatch(/; 1 user missing from the credential report is reported as error\.$/);
  });

  it('is an error when the credential report could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-iam.authorizationDetails': details() },
      missing: { 'aws-iam.credentialReport': denied('iam:GetCredentialReport') },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:GetCredentialReport')]);
  });
});

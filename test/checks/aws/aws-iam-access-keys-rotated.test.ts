import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-access-keys-rotated.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { arnOf, denied, deniedMessage, report, row, scope, reportData, details, user } from './aws-iam-fixtures.js';

const key = (n: 1 | 2, rotated: string | null, active = true) => ({
  [`access_key_${n}_active`]: active,
  [`access_key_${n}_last_rotated`]: rotated,
  [`access_key_${n}_last_used_date`]: '2026-11-22T00:00:00.000Z',
});

describe('aws-iam-access-keys-rotated', () => {
  it('passes when every active key is younger than the limit (inactive keys do not count)', () => {
    const fs = evaluate(check, {
      scope,
      data: reportData(
        report(row('ci', { ...key(1, '2026-10-01T00:00:00.000Z'), ...key(2, '2024-01-01T00:00:00.000Z', false) })),
      ),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['All 1 active access keys in account 111122223333 were rotated within 90 days.']);
  });

  it('fails once per old active key, and for an active key without a rotation date', () => {
    const fs = evaluate(check, {
      scope,
      data: reportData(
        report(
          row('ci', { ...key(1, '2026-10-01T00:00:00.000Z'), ...key(2, '2026-05-07T00:00:00.000Z') }),
          row('odd', key(1, null)),
        ),
      ),
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Access key 2 of ci in account 111122223333 was last rotated 200 days ago (limit 90).',
      'Access key 1 of odd in account 111122223333 is active and has no rotation date.',
    ]);
    expect(fs[0]!.resource).toEqual({
      type: 'aws-access-key',
      id: `${arnOf('ci')}#access_key_2`,
      name: 'ci access key 2',
    });
    expect(
      statuses(
        evaluate(check, {
          scope,
          params: { maxAgeDays: 365 },
          data: reportData(report(row('ci', key(2, '2026-05-07T00:00:00.000Z')))),
        }),
      ),
    ).toEqual(['pass']);
  });

  it('is an error, naming the user, for a user IAM lists but the credential report lacks', () => {
    const r = report(row('ci', { access_key_1_active: true, access_key_1_last_rotated: '2026-10-01T00:00:00.000Z' }));
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
      'All 1 active access keys in account 111122223333 were rotated within 90 days; 1 user missing from the credential report is reported as error.',
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

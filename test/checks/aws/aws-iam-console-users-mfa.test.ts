import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-console-users-mfa.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { arnOf, denied, deniedMessage, details, report, row, scope, user } from './aws-iam-fixtures.js';

const rows = [
  row('ada'),
  row('grace', { mfa_active: false }),
  row('ceo', { mfa_active: false }),
  row('late', { mfa_active: false }),
  row('svc', { password_enabled: false, mfa_active: false }),
];
const auth = details({
  users: [
    user('ada'),
    user('grace'),
    user('ceo', { Tags: [{ Key: 'assay:executive', Value: 'true' }] }),
    user('late'),
    user('svc'),
  ],
});
const devices = [
  {
    SerialNumber: 'arn:aws:iam::111122223333:mfa/late',
    UserArn: arnOf('late'),
    UserName: 'late',
    EnableDate: '2026-11-23T11:00:00.000Z',
  },
];

describe('aws-iam-console-users-mfa', () => {
  it('passes when every console user has MFA, counting devices assigned after the report', () => {
    const data = {
      'aws-iam.credentialReport': report(row('ada'), row('late', { mfa_active: false })),
      'aws-iam.virtualMfaDevices': devices,
      'aws-iam.authorizationDetails': details({ users: [user('ada'), user('late')] }),
    };
    const fs = evaluate(check, { scope, data });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['All 2 IAM users with a console password in account 111122223333 have MFA.']);
  });

  it('is an error, naming the user, for a user IAM lists but the credential report lacks (created since)', () => {
    const data = {
      'aws-iam.credentialReport': report(row('ada')),
      'aws-iam.virtualMfaDevices': [],
      'aws-iam.authorizationDetails': details({
        users: [user('ada'), user('new.hire', { CreateDate: '2026-11-23T11:00:00.000Z' })],
      }),
    };
    const fs = evaluate(check, { scope, data });
    expect(statuses(fs)).toEqual(['error', 'pass']);
    expect(messages(fs)).toEqual([
      'User new.hire in account 111122223333 (created 2026-11-23T11:00:00.000Z) is not in the credential report generated 2026-11-23T10:00:00.000Z, so its console password and MFA cannot be judged; the next report includes it.',
      'All 1 IAM users with a console password in account 111122223333 have MFA; 1 user missing from the credential report is reported as error.',
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-iam-user', id: arnOf('new.hire'), name: 'new.hire' });
  });

  it('fails once per console user without MFA, tagged or not, at the check severity; programmatic users are not console users', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'aws-iam.credentialReport': report(...rows),
        'aws-iam.virtualMfaDevices': devices,
        'aws-iam.authorizationDetails': auth,
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'User ceo in account 111122223333 can sign in to the console without MFA.',
      'User grace in account 111122223333 can sign in to the console without MFA.',
    ]);
    // The old executive tag no longer raises severity: people-executives-protected judges executives across systems.
    expect(fs.map((f) => f.severity)).toEqual(['high', 'high']);
    expect(fs.every((f) => !('executive' in f.observed))).toBe(true);
    expect(fs[1]!.resource).toEqual({ type: 'aws-iam-user', id: arnOf('grace'), name: 'grace' });
  });

  it('takes no executive tag: the setting moved to people.executives', () => {
    expect(check.params.safeParse({ executiveTag: 'role' }).success).toBe(false);
  });

  it('is an error when the MFA device list could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-iam.credentialReport': report(...rows), 'aws-iam.authorizationDetails': auth },
      missing: { 'aws-iam.virtualMfaDevices': denied('iam:ListVirtualMFADevices') },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:ListVirtualMFADevices')]);
  });
});

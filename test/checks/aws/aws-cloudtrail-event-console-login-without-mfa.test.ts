import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-event-console-login-without-mfa.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, WINDOW_TEXT, event, lookupFailed, scope, window } from './aws-logs-fixtures.js';

const run = (events: unknown[]) =>
  evaluate(check, { scope, data: { 'aws-cloudtrail.consoleLoginEvents': window(events as never) } });

describe('aws-cloudtrail-event-console-login-without-mfa', () => {
  it('passes when password sign-ins used MFA; federated and failed sign-ins are left out', () => {
    const fs = run([
      event('e1', { loginResult: 'Success', mfaUsed: 'Yes' }),
      event('e2', {
        loginResult: 'Success',
        mfaUsed: 'No',
        userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin/ada` },
      }),
      event('e3', { loginResult: 'Failure', mfaUsed: 'No' }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`Every password sign-in to account ${ACCOUNT} used MFA ${WINDOW_TEXT}.`]);
  });

  it('fails each IAM user or root sign-in without MFA', () => {
    const fs = run([
      event('e1', { loginResult: 'Success', mfaUsed: 'No', awsRegion: 'eu-west-1' }),
      event('e2', {
        loginResult: 'Success',
        mfaUsed: 'No',
        eventTime: '2026-11-23T09:00:00.000Z',
        userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` },
        sourceIPAddress: undefined,
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      `IAM user alice signed in to the console without MFA (arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7) at 2026-11-23T08:00:00.000Z.`,
      `The root user signed in to the console without MFA (arn:aws:iam::${ACCOUNT}:root) at 2026-11-23T09:00:00.000Z.`,
    ]);
    // The root user's password alone is the whole account.
    expect(fs.map((f) => f.severity)).toEqual(['high', 'critical']);
  });

  it('is an error naming the call when LookupEvents failed', () => {
    const fs = evaluate(check, { scope, missing: { 'aws-cloudtrail.consoleLoginEvents': lookupFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    ]);
  });
});

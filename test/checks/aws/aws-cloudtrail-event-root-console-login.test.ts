import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-event-root-console-login.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, WINDOW_TEXT, event, lookupFailed, scope, window } from './aws-logs-fixtures.js';

const root = { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` };
const run = (events: unknown[]) =>
  evaluate(check, { scope, data: { 'aws-cloudtrail.consoleLoginEvents': window(events as never) } });

describe('aws-cloudtrail-event-root-console-login', () => {
  it('passes when only IAM users signed in, and a failed root attempt is not a sign-in', () => {
    const fs = run([
      event('e1', { loginResult: 'Success', mfaUsed: 'Yes' }),
      event('e2', { userIdentity: root, loginResult: 'Failure', errorCode: undefined }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`Nobody signed in as root to account ${ACCOUNT} ${WINDOW_TEXT}.`]);
  });

  it('fails each successful root sign-in, critical when it used no MFA, wherever it was recorded', () => {
    const fs = run([
      event('e9', { userIdentity: root, loginResult: 'Success', mfaUsed: 'Yes', sourceIPAddress: '198.51.100.4' }),
      event('e10', {
        userIdentity: root,
        loginResult: 'Success',
        mfaUsed: 'No',
        awsRegion: 'eu-north-1',
        eventTime: '2026-11-23T09:00:00.000Z',
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'The root user signed in to the console from 198.51.100.4 at 2026-11-23T08:00:00.000Z in us-east-1 (MFA used: Yes).',
      'The root user signed in to the console from 203.0.113.7 at 2026-11-23T09:00:00.000Z in eu-north-1 (MFA used: No).',
    ]);
    expect(fs.map((f) => f.severity)).toEqual(['high', 'critical']);
    expect(fs[0]!.resource.id).toBe('e9');
  });

  it('names the enabled regions sources.aws.regions left unread in its pass', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-cloudtrail.consoleLoginEvents': { ...window([]), regionsNotRead: ['eu-north-1', 'us-east-2'] } },
    });
    expect(messages(fs)).toEqual([
      `Nobody signed in as root to account ${ACCOUNT} ${WINDOW_TEXT} (not read: eu-north-1, us-east-2, enabled but left out by sources.aws.regions).`,
    ]);
    expect(fs[0]!.observed).toMatchObject({
      regions: ['us-east-1', 'eu-west-1'],
      regionsNotRead: ['eu-north-1', 'us-east-2'],
    });
  });

  it('is an error naming the call when LookupEvents failed', () => {
    const fs = evaluate(check, { scope, missing: { 'aws-cloudtrail.consoleLoginEvents': lookupFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    ]);
  });
});

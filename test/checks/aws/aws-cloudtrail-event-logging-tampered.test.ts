import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-event-logging-tampered.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, WINDOW_TEXT, event, lookupFailed, scope, window } from './aws-logs-fixtures.js';

const run = (events: unknown[]) =>
  evaluate(check, { scope, data: { 'aws-cloudtrail.trailChangeEvents': window(events as never) } });

describe('aws-cloudtrail-event-logging-tampered', () => {
  it('passes when no trail was touched', () => {
    const fs = run([
      event('e1', { eventName: 'StopLogging', errorCode: 'AccessDenied', requestParameters: { name: 'main' } }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`No trail of account ${ACCOUNT} was stopped, deleted or changed ${WINDOW_TEXT}.`]);
  });

  it('fails each stop, deletion (critical) and update (high)', () => {
    const fs = run([
      event('e1', { eventName: 'StopLogging', requestParameters: { name: 'main' } }),
      event('e2', {
        eventName: 'UpdateTrail',
        eventTime: '2026-11-23T08:05:00.000Z',
        awsRegion: 'eu-west-1',
        requestParameters: { name: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu' },
      }),
      event('e3', {
        eventName: 'DeleteTrail',
        eventTime: '2026-11-23T08:10:00.000Z',
        requestParameters: { name: 'main' },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail']);
    expect(messages(fs)).toEqual([
      `Trail main was stopped by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:00:00.000Z (us-east-1).`,
      `Trail arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu was changed by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:05:00.000Z (eu-west-1).`,
      `Trail main was deleted by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:10:00.000Z (us-east-1).`,
    ]);
    expect(fs.map((f) => f.severity)).toEqual(['critical', 'high', 'critical']);
  });

  it('fails event selector changes (which can stop management-event logging without StopLogging) and Insights changes', () => {
    const fs = run([
      event('e1', { eventName: 'PutEventSelectors', requestParameters: { name: 'main' } }),
      event('e2', {
        eventName: 'PutInsightSelectors',
        eventTime: '2026-11-23T08:05:00.000Z',
        requestParameters: { name: 'main' },
      }),
    ]);
    expect(messages(fs)).toEqual([
      `Trail main was given new event selectors (what it records) by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:00:00.000Z (us-east-1).`,
      `Trail main was given new Insights selectors by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:05:00.000Z (us-east-1).`,
    ]);
    expect(fs.map((f) => f.severity)).toEqual(['critical', 'high']);
  });

  it('is an error naming the call when LookupEvents failed', () => {
    const fs = evaluate(check, { scope, missing: { 'aws-cloudtrail.trailChangeEvents': lookupFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    ]);
  });
});

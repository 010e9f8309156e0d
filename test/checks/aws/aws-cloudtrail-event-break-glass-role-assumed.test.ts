import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-event-break-glass-role-assumed.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, WINDOW_TEXT, event, lookupFailed, scope, window } from './aws-logs-fixtures.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
const run = (events: unknown[]) =>
  evaluate(check, {
    scope,
    data: { 'aws-cloudtrail.breakGlassEvents': { ...window(events as never, ['AssumeRole']), roleArns: [ROLE] } },
  });

describe('aws-cloudtrail-event-break-glass-role-assumed', () => {
  it('passes when the role was not assumed (refused attempts included)', () => {
    const fs = run([
      event('e1', { eventName: 'AssumeRole', errorCode: 'AccessDenied', requestParameters: { roleArn: ROLE } }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`No break-glass role (${ROLE}) was assumed in account ${ACCOUNT} ${WINDOW_TEXT}.`]);
  });

  it('fails each use of the role', () => {
    const fs = run([
      event('e7', {
        eventName: 'AssumeRole',
        eventSource: 'sts.amazonaws.com',
        requestParameters: { roleArn: ROLE, roleSessionName: 'incident-42' },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `Break-glass role ${ROLE} was assumed by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:00:00.000Z (session incident-42).`,
    ]);
  });

  it('is not applicable when no break-glass role is configured', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'aws-cloudtrail.breakGlassEvents': {
          kind: 'not_applicable',
          operation: 'cloudtrail:LookupEvents',
          message: 'no break-glass roles are named in sources.aws.cloudtrail.breakGlassRoles',
        },
      },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'Not applicable: no break-glass roles are named in sources.aws.cloudtrail.breakGlassRoles.',
    ]);
  });

  it('is an error naming the call when LookupEvents failed', () => {
    const fs = evaluate(check, { scope, missing: { 'aws-cloudtrail.breakGlassEvents': lookupFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    ]);
  });
});

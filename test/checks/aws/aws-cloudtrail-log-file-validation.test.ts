import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-log-file-validation.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, scope, trail, trailArn } from './aws-logs-fixtures.js';

const run = (trails: unknown[]) => evaluate(check, { scope, data: { 'aws-cloudtrail.trails': trails } });

describe('aws-cloudtrail-log-file-validation', () => {
  it("passes when every trail the account owns validates, ignoring another account's organization trail", () => {
    const org = trail('org', {
      TrailARN: trailArn('org', 'us-east-1', '999988887777'),
      LogFileValidationEnabled: false,
    });
    const fs = run([trail('main'), org]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`Every trail of account ${ACCOUNT} has log file validation on (1 checked).`]);
  });

  it('fails once per trail without validation', () => {
    const fs = run([trail('main'), trail('legacy', { HomeRegion: 'eu-west-1', LogFileValidationEnabled: false })]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['Trail legacy (home region eu-west-1) does not have log file validation on.']);
    expect(fs[0]!.resource).toEqual({
      type: 'aws-cloudtrail-trail',
      id: trailArn('legacy', 'eu-west-1'),
      name: 'legacy',
    });
  });

  it('is not applicable when the account owns no trail', () => {
    const fs = run([trail('org', { TrailARN: trailArn('org', 'us-east-1', '999988887777') })]);
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([`Account ${ACCOUNT} owns no CloudTrail trail.`]);
  });

  it('is an error naming the call when DescribeTrails failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'aws-cloudtrail.trails': {
          kind: 'error',
          operation: 'cloudtrail:DescribeTrails',
          message: 'request aborted: no answer within the time limit',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:DescribeTrails failed (request aborted: no answer within the time limit).',
    ]);
  });
});

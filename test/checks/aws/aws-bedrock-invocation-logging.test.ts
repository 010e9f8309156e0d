import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-bedrock-invocation-logging.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, LOGGING_ON, denied, regionLogging, scope } from './aws-logs-fixtures.js';

const used = (region: string) => ({
  region,
  lastInvocation: { eventTime: '2026-11-20T10:00:00.000Z', eventName: 'InvokeModel' },
  searchedAll: true,
});
const unused = (region: string) => ({ region, lastInvocation: null, searchedAll: true });
const run = (logging: unknown[], activity: unknown[], notRead: string[] = []) =>
  evaluate(check, {
    scope,
    data: {
      'aws-bedrock.invocationLogging': logging,
      'aws-bedrock.regionsNotRead': notRead,
      'aws-cloudtrail.bedrockActivity': activity,
    },
  });

describe('aws-bedrock-invocation-logging', () => {
  it('passes when every region with Bedrock use logs invocations; unused regions need nothing', () => {
    const fs = run(
      [regionLogging('us-east-1', LOGGING_ON), regionLogging('eu-west-1', null)],
      [used('us-east-1'), unused('eu-west-1')],
    );
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `Bedrock model invocations are logged in every region where account ${ACCOUNT} uses Bedrock (us-east-1; regions read: us-east-1, eu-west-1).`,
    ]);
  });

  it('names the enabled regions sources.aws.regions left unread in its pass', () => {
    const fs = run([regionLogging('us-east-1', LOGGING_ON)], [used('us-east-1')], ['eu-north-1', 'us-east-2']);
    expect(messages(fs)).toEqual([
      `Bedrock model invocations are logged in every region where account ${ACCOUNT} uses Bedrock (us-east-1; regions read: us-east-1; not read: eu-north-1, us-east-2, enabled but left out by sources.aws.regions).`,
    ]);
  });

  it('fails each used region without logging, or with logging that delivers nothing', () => {
    const off = {
      ...LOGGING_ON,
      textDataDeliveryEnabled: false,
      imageDataDeliveryEnabled: false,
      embeddingDataDeliveryEnabled: false,
    };
    const fs = run(
      [regionLogging('us-east-1', null), regionLogging('eu-west-1', off)],
      [used('us-east-1'), { region: 'eu-west-1', lastInvocation: null, searchedAll: false }],
    );
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Bedrock is used in us-east-1 (last invoked 2026-11-20T10:00:00.000Z (InvokeModel)) but model invocations are not logged: no model invocation logging configuration.',
      'Bedrock is used in eu-west-1 (use could not be ruled out) but model invocations are not logged: every data delivery type is disabled.',
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-region', id: 'us-east-1' });
  });

  it('is not applicable when Bedrock is not used (or not offered) in any configured region', () => {
    const fs = run(
      [regionLogging('us-east-1', null), regionLogging('ap-south-2', null, false)],
      [unused('us-east-1'), unused('ap-south-2')],
    );
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      `Bedrock was not invoked in account ${ACCOUNT} in the last 90 days in the regions read (us-east-1, ap-south-2).`,
    ]);
  });

  it('is an error, not a skip, for a region without a reachable Bedrock endpoint where CloudTrail shows invocations', () => {
    const fs = run(
      [regionLogging('us-east-1', LOGGING_ON), regionLogging('ap-south-2', null, false)],
      [used('us-east-1'), used('ap-south-2')],
    );
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'CloudTrail shows Bedrock invoked in ap-south-2 (last 2026-11-20T10:00:00.000Z, InvokeModel) but its invocation logging endpoint could not be reached, so whether invocations are logged is unknown.',
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-region', id: 'ap-south-2' });
  });

  it('is an error for a used region whose configuration could not be read, or when the usage lookup failed', () => {
    const fs = run(
      [regionLogging('us-east-1', denied('bedrock:GetModelInvocationLoggingConfiguration'))],
      [used('us-east-1')],
    );
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not read Bedrock invocation logging in us-east-1: bedrock:GetModelInvocationLoggingConfiguration failed (AccessDenied: Access Denied).',
    ]);
    const missing = evaluate(check, {
      scope,
      data: { 'aws-bedrock.invocationLogging': [], 'aws-bedrock.regionsNotRead': [] },
      missing: {
        'aws-cloudtrail.bedrockActivity': {
          kind: 'error',
          operation: 'cloudtrail:LookupEvents',
          status: 400,
          message: 'ThrottlingException: Rate exceeded',
        },
      },
    });
    expect(messages(missing)).toEqual([
      'Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    ]);
  });
});

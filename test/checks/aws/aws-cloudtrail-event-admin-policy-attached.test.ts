import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-event-admin-policy-attached.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, WINDOW_TEXT, event, lookupFailed, scope, window } from './aws-logs-fixtures.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const STAR = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const iam = { eventSource: 'iam.amazonaws.com' };
const run = (events: unknown[]) => evaluate(check, { scope, data: { 'aws-cloudtrail.policyChangeEvents': window(events as never) } });

describe('aws-cloudtrail-event-admin-policy-attached', () => {
  it('passes when the changes in the window grant nothing close to admin, or were refused', () => {
    const fs = run([
      event('e1', { ...iam, eventName: 'AttachRolePolicy', requestParameters: { roleName: 'ci', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }),
      event('e2', { ...iam, eventName: 'AttachUserPolicy', errorCode: 'AccessDenied', requestParameters: { userName: 'mallory', policyArn: ADMIN } }),
      event('e3', { ...iam, eventName: 'PutUserPolicy', requestParameters: { userName: 'bob', policyName: 's3', policyDocument: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}' } }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`No administrator access was granted in account ${ACCOUNT} ${WINDOW_TEXT}.`]);
  });

  it('fails each grant of AdministratorAccess or *:*, oldest first, with actor, address and time', () => {
    const fs = run([
      event('e3', { ...iam, eventName: 'CreatePolicyVersion', eventTime: '2026-11-23T10:00:00.000Z', userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/eve` }, requestParameters: { policyArn: `arn:aws:iam::${ACCOUNT}:policy/deploy`, policyDocument: encodeURIComponent(STAR), setAsDefault: true } }),
      event('e1', { ...iam, eventName: 'AttachUserPolicy', eventTime: '2026-11-23T08:00:00.000Z', requestParameters: { userName: 'bob', policyArn: ADMIN } }),
      event('e2', { ...iam, eventName: 'PutRolePolicy', eventTime: '2026-11-23T09:00:00.000Z', sourceIPAddress: undefined, requestParameters: { roleName: 'lambda-x', policyName: 'all', policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }] }) } }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail']);
    expect(messages(fs)).toEqual([
      `AdministratorAccess was attached to user bob by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:00:00.000Z (us-east-1).`,
      `Inline policy all allowing *:* was put on role lambda-x by arn:aws:iam::${ACCOUNT}:user/alice at 2026-11-23T09:00:00.000Z (us-east-1).`,
      `A version allowing *:* was created for policy arn:aws:iam::${ACCOUNT}:policy/deploy and made the default by arn:aws:sts::${ACCOUNT}:assumed-role/ops/eve from 203.0.113.7 at 2026-11-23T10:00:00.000Z (us-east-1).`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-cloudtrail-event', id: 'e1', name: 'AttachUserPolicy' });
    expect(fs[0]!.severity).toBe('critical');
  });

  it('is an error naming the call when LookupEvents failed', () => {
    const fs = evaluate(check, { scope, missing: { 'aws-cloudtrail.policyChangeEvents': lookupFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual(['Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).']);
  });
});

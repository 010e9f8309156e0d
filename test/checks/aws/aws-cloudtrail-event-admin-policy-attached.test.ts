import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-event-admin-policy-attached.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, WINDOW_TEXT, event, lookupFailed, scope, window } from './aws-logs-fixtures.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const STAR = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const iam = { eventSource: 'iam.amazonaws.com' };
const CUSTOM_ADMIN = `arn:aws:iam::${ACCOUNT}:policy/break-everything`;
const CUSTOM_READ = `arn:aws:iam::${ACCOUNT}:policy/read-things`;
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }] };
const readDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }] };
const details = {
  users: [],
  roles: [],
  groups: [
    {
      GroupName: 'Admins',
      Arn: `arn:aws:iam::${ACCOUNT}:group/Admins`,
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      GroupPolicyList: [],
    },
    {
      GroupName: 'Ops',
      Arn: `arn:aws:iam::${ACCOUNT}:group/Ops`,
      AttachedManagedPolicies: [{ PolicyName: 'break-everything', PolicyArn: CUSTOM_ADMIN }],
      GroupPolicyList: [],
    },
    {
      GroupName: 'Developers',
      Arn: `arn:aws:iam::${ACCOUNT}:group/Developers`,
      AttachedManagedPolicies: [{ PolicyName: 'read-things', PolicyArn: CUSTOM_READ }],
      GroupPolicyList: [],
    },
  ],
  policies: [
    {
      PolicyName: 'break-everything',
      Arn: CUSTOM_ADMIN,
      AwsManaged: false,
      AttachmentCount: 1,
      DefaultVersionDocument: allowAll,
    },
    {
      PolicyName: 'read-things',
      Arn: CUSTOM_READ,
      AwsManaged: false,
      AttachmentCount: 1,
      DefaultVersionDocument: readDoc,
    },
  ],
};
const run = (events: unknown[]) =>
  evaluate(check, {
    scope,
    data: { 'aws-cloudtrail.policyChangeEvents': window(events as never), 'aws-iam.authorizationDetails': details },
  });

describe('aws-cloudtrail-event-admin-policy-attached', () => {
  it('passes when the changes in the window grant nothing close to admin, or were refused', () => {
    const fs = run([
      event('e1', {
        ...iam,
        eventName: 'AttachRolePolicy',
        requestParameters: { roleName: 'ci', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      }),
      event('e2', {
        ...iam,
        eventName: 'AttachUserPolicy',
        errorCode: 'AccessDenied',
        requestParameters: { userName: 'mallory', policyArn: ADMIN },
      }),
      event('e3', {
        ...iam,
        eventName: 'PutUserPolicy',
        requestParameters: {
          userName: 'bob',
          policyName: 's3',
          policyDocument: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
        },
      }),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`No administrator access was granted in account ${ACCOUNT} ${WINDOW_TEXT}.`]);
  });

  it('fails each grant of AdministratorAccess or *:*, oldest first, with actor, address and time', () => {
    const fs = run([
      event('e3', {
        ...iam,
        eventName: 'CreatePolicyVersion',
        eventTime: '2026-11-23T10:00:00.000Z',
        userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops/eve` },
        requestParameters: {
          policyArn: `arn:aws:iam::${ACCOUNT}:policy/deploy`,
          policyDocument: encodeURIComponent(STAR),
          setAsDefault: true,
        },
      }),
      event('e1', {
        ...iam,
        eventName: 'AttachUserPolicy',
        eventTime: '2026-11-23T08:00:00.000Z',
        requestParameters: { userName: 'bob', policyArn: ADMIN },
      }),
      event('e2', {
        ...iam,
        eventName: 'PutRolePolicy',
        eventTime: '2026-11-23T09:00:00.000Z',
        sourceIPAddress: undefined,
        requestParameters: {
          roleName: 'lambda-x',
          policyName: 'all',
          policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }] }),
        },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail']);
    expect(messages(fs)).toEqual([
      `AdministratorAccess was attached to user bob by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:00:00.000Z (us-east-1).`,
      `Inline policy all granting administrator access was put on role lambda-x by arn:aws:iam::${ACCOUNT}:user/alice at 2026-11-23T09:00:00.000Z (us-east-1).`,
      `A version granting administrator access was created for policy arn:aws:iam::${ACCOUNT}:policy/deploy and made the default by arn:aws:sts::${ACCOUNT}:assumed-role/ops/eve from 203.0.113.7 at 2026-11-23T10:00:00.000Z (us-east-1).`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-cloudtrail-event', id: 'e1', name: 'AttachUserPolicy' });
    expect(fs[0]!.severity).toBe('critical');
  });

  it('fails a customer managed policy allowing *:* attached or made default, and joining an admin group; not harmless ones', () => {
    const fs = run([
      event('c1', {
        ...iam,
        eventName: 'AttachRolePolicy',
        eventTime: '2026-11-23T08:00:00.000Z',
        requestParameters: { roleName: 'ci', policyArn: CUSTOM_ADMIN },
      }),
      event('c2', {
        ...iam,
        eventName: 'SetDefaultPolicyVersion',
        eventTime: '2026-11-23T08:01:00.000Z',
        requestParameters: { policyArn: CUSTOM_ADMIN },
      }),
      event('c3', {
        ...iam,
        eventName: 'AddUserToGroup',
        eventTime: '2026-11-23T08:02:00.000Z',
        requestParameters: { userName: 'mallory', groupName: 'Admins' },
      }),
      event('c4', {
        ...iam,
        eventName: 'AddUserToGroup',
        eventTime: '2026-11-23T08:03:00.000Z',
        requestParameters: { userName: 'eve', groupName: 'ops' },
      }),
      event('ok1', {
        ...iam,
        eventName: 'AttachUserPolicy',
        requestParameters: { userName: 'bob', policyArn: CUSTOM_READ },
      }),
      event('ok2', { ...iam, eventName: 'SetDefaultPolicyVersion', requestParameters: { policyArn: CUSTOM_READ } }),
      event('ok3', {
        ...iam,
        eventName: 'AddUserToGroup',
        requestParameters: { userName: 'bob', groupName: 'Developers' },
      }),
      event('ok4', {
        ...iam,
        eventName: 'AttachUserPolicy',
        requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail', 'fail']);
    const by = `by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7`;
    expect(messages(fs)).toEqual([
      `Policy ${CUSTOM_ADMIN}, whose default version grants administrator access, was attached to role ci ${by} at 2026-11-23T08:00:00.000Z (us-east-1).`,
      `Policy ${CUSTOM_ADMIN} was switched to a default version that grants administrator access ${by} at 2026-11-23T08:01:00.000Z (us-east-1).`,
      `User mallory was added to group Admins, which grants administrator access through AdministratorAccess ${by} at 2026-11-23T08:02:00.000Z (us-east-1).`,
      `User eve was added to group ops, which grants administrator access through break-everything ${by} at 2026-11-23T08:03:00.000Z (us-east-1).`,
    ]);
  });

  it('is an error for the event, never a skip, when CloudTrail dropped the policy document or IAM does not know the policy or group', () => {
    const fs = run([
      event('d1', {
        ...iam,
        eventName: 'PutUserPolicy',
        eventTime: '2026-11-23T08:00:00.000Z',
        requestParameters: { userName: 'bob', policyName: 'huge' },
      }),
      event('d2', {
        ...iam,
        eventName: 'CreatePolicyVersion',
        eventTime: '2026-11-23T08:01:00.000Z',
        requestParameters: { policyArn: CUSTOM_READ, setAsDefault: true },
      }),
      event('d3', {
        ...iam,
        eventName: 'AttachUserPolicy',
        eventTime: '2026-11-23T08:02:00.000Z',
        requestParameters: { userName: 'bob', policyArn: `arn:aws:iam::${ACCOUNT}:policy/gone` },
      }),
      event('d4', {
        ...iam,
        eventName: 'AddUserToGroup',
        eventTime: '2026-11-23T08:03:00.000Z',
        requestParameters: { userName: 'bob', groupName: 'Deleted' },
      }),
      event('e1', {
        ...iam,
        eventName: 'AttachUserPolicy',
        eventTime: '2026-11-23T08:04:00.000Z',
        requestParameters: { userName: 'bob', policyArn: ADMIN },
      }),
    ]);
    expect(statuses(fs)).toEqual(['error', 'error', 'error', 'error', 'fail']);
    const at = (m: string) =>
      `by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7 at 2026-11-23T08:0${m}.000Z (us-east-1)`;
    const dropped =
      'CloudTrail recorded it without its policyDocument (large request parameters are dropped), so whether it grants administrator access is unknown';
    expect(messages(fs).slice(0, 4)).toEqual([
      `Could not judge PutUserPolicy ${at('0:00')}: Inline policy huge put on user bob: ${dropped}.`,
      `Could not judge CreatePolicyVersion ${at('1:00')}: A new version of policy ${CUSTOM_READ}: ${dropped}.`,
      `Could not judge AttachUserPolicy ${at('2:00')}: policy arn:aws:iam::${ACCOUNT}:policy/gone attached to user bob is not in the account's IAM authorization details (deleted since?), so whether it grants administrator access is unknown.`,
      `Could not judge AddUserToGroup ${at('3:00')}: user bob was added to group Deleted, which is not in the account's IAM authorization details, so whether it grants administrator access is unknown.`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-cloudtrail-event', id: 'd1', name: 'PutUserPolicy' });
  });

  it('judges documents with the policy evaluator: NotAction, a condition, a Deny in the same document; unreadable text is unknown', () => {
    const put = (id: string, minute: string, policyName: string, statements: unknown[]) =>
      event(id, {
        ...iam,
        eventName: 'PutUserPolicy',
        eventTime: `2026-11-23T08:0${minute}:00.000Z`,
        requestParameters: {
          userName: 'bob',
          policyName,
          policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        },
      });
    const fs = run([
      put('n1', '0', 'all-but-billing', [{ Effect: 'Allow', NotAction: ['billing:*'], Resource: '*' }]),
      put('n2', '1', 'admin-mfa', [
        {
          Sid: 'Mfa',
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ]),
      put('n3', '2', 'fenced', [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ]),
      put('n4', '3', 'no-iam', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]),
      event('n5', {
        ...iam,
        eventName: 'PutUserPolicy',
        eventTime: '2026-11-23T08:04:00.000Z',
        requestParameters: { userName: 'bob', policyName: 'cut', policyDocument: '{"Statement": [{"Effect": "Allow"' },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail', 'error']);
    const by = `by arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7`;
    expect(messages(fs)).toEqual([
      `Inline policy all-but-billing granting administrator access was put on user bob ${by} at 2026-11-23T08:00:00.000Z (us-east-1).`,
      `Inline policy admin-mfa granting administrator access under a condition (the document statement 1 (Sid Mfa) allows * on every resource under condition Bool) was put on user bob ${by} at 2026-11-23T08:01:00.000Z (us-east-1).`,
      `Could not judge PutUserPolicy ${by} at 2026-11-23T08:04:00.000Z (us-east-1): Inline policy cut put on user bob has a policyDocument that is not JSON (nor URL-encoded JSON).`,
    ]);
  });

  it('is an error naming the call when the IAM authorization details are missing', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-cloudtrail.policyChangeEvents': window([]) },
      missing: {
        'aws-iam.authorizationDetails': {
          kind: 'error',
          operation: 'iam:GetAccountAuthorizationDetails',
          status: 403,
          message: 'AccessDenied: not authorized',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: iam:GetAccountAuthorizationDetails failed (AccessDenied: not authorized).',
    ]);
  });

  it('is an error naming the call when LookupEvents failed', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-iam.authorizationDetails': details },
      missing: { 'aws-cloudtrail.policyChangeEvents': lookupFailed },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    ]);
  });
});

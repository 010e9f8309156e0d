import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-ai-full-access.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import type { PolicyDocument } from '../../../src/model/datasets/aws-iam.js';
import {
  ADMIN_ARN,
  BEDROCK_FULL_ARN,
  attach,
  bedrockAll,
  denied,
  deniedMessage,
  details,
  role,
  scope,
  user,
} from './aws-iam-fixtures.js';

const SAGEMAKER_FULL_ARN = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';

describe('aws-iam-ai-full-access', () => {
  it('inventories roles and group members with full Bedrock or SageMaker access as passes', () => {
    const data = details({
      users: [user('ada', { GroupList: ['MLOps'] })],
      groups: [
        {
          GroupName: 'MLOps',
          Arn: 'arn:aws:iam::111122223333:group/MLOps',
          AttachedManagedPolicies: attach(BEDROCK_FULL_ARN),
          GroupPolicyList: [],
        },
      ],
      roles: [role('ml-training', ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess']), role('admin', [ADMIN_ARN])],
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(statuses(fs)).toEqual(['pass', 'pass']);
    expect(messages(fs)).toEqual([
      // The SageMaker policy document is not in the details: recognized by its ARN.
      'Role ml-training in account 111122223333 has full AI service access through AmazonSageMakerFullAccess.',
      'User ada in account 111122223333 has full AI service access through group MLOps: AmazonBedrockFullAccess.',
    ]);
  });

  it('fails for a user holding bedrock:* on itself', () => {
    const data = details({
      users: [user('ml', { UserPolicyList: [{ PolicyName: 'bedrock-everything', PolicyDocument: bedrockAll }] })],
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'User ml in account 111122223333 holds full AI service access directly (inline bedrock-everything).',
    ]);
    expect(fs[0]!.controls).toEqual(['iso27001:8.2', 'iso42001:A.6.2.6']);
  });

  it("fails for a user holding AWS's real AmazonSageMakerFullAccess: sagemaker:* with NotResource and no Resource", () => {
    // The published document (v27+): every SageMaker action except on a few admin resource types.
    const sageMaker: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowAllNonAdminSageMakerActions',
          Effect: 'Allow',
          Action: ['sagemaker:*', 'sagemaker-geospatial:*'],
          NotResource: [
            'arn:aws:sagemaker:*:*:domain/*',
            'arn:aws:sagemaker:*:*:user-profile/*',
            'arn:aws:sagemaker:*:*:app/*',
            'arn:aws:sagemaker:*:*:space/*',
            'arn:aws:sagemaker:*:*:partner-app/*',
            'arn:aws:sagemaker:*:*:flow-definition/*',
          ],
        },
        {
          Sid: 'AllowAddTagsForSpace',
          Effect: 'Allow',
          Action: ['sagemaker:AddTags'],
          Resource: ['arn:aws:sagemaker:*:*:space/*'],
        },
      ],
    };
    const base = details();
    const data = details({
      users: [user('scientist', { AttachedManagedPolicies: attach(SAGEMAKER_FULL_ARN) })],
      policies: [
        ...base.policies,
        {
          PolicyName: 'AmazonSageMakerFullAccess',
          Arn: SAGEMAKER_FULL_ARN,
          AwsManaged: true,
          AttachmentCount: 1,
          DefaultVersionDocument: sageMaker,
        },
      ],
    });
    const fs = evaluate(check, {
      scope,
      params: { services: ['sagemaker'] },
      data: { 'aws-iam.authorizationDetails': data },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'User scientist in account 111122223333 holds full AI service access directly (AmazonSageMakerFullAccess).',
    ]);
    // The same statement shape inline is recognized by its statements, without a policy name to go by.
    const inline = details({
      users: [user('ml', { UserPolicyList: [{ PolicyName: 'sm', PolicyDocument: sageMaker }] })],
    });
    expect(statuses(evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': inline } }))).toEqual(['fail']);
  });

  it("recognizes AWS's full-access policies by name even when their document reads otherwise, but not a customer policy of that name", () => {
    const narrow: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: ['*'] }],
    };
    const own = `arn:aws:iam::111122223333:policy/AmazonBedrockFullAccess`;
    const data = details({
      users: [
        user('ada', { AttachedManagedPolicies: attach(BEDROCK_FULL_ARN) }),
        user('grace', { AttachedManagedPolicies: attach(own) }),
      ],
      policies: [
        {
          PolicyName: 'AmazonBedrockFullAccess',
          Arn: BEDROCK_FULL_ARN,
          AwsManaged: true,
          AttachmentCount: 1,
          DefaultVersionDocument: narrow,
        },
        {
          PolicyName: 'AmazonBedrockFullAccess',
          Arn: own,
          AwsManaged: false,
          AttachmentCount: 1,
          DefaultVersionDocument: narrow,
        },
      ],
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(messages(fs)).toEqual([
      'User ada in account 111122223333 holds full AI service access directly (AmazonBedrockFullAccess).',
    ]);
  });

  it('sees full access however the policy says it: NotAction, wildcards, a condition; administrators are listed elsewhere', () => {
    const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
    const data = details({
      users: [
        user('all-but-iam', {
          UserPolicyList: [
            { PolicyName: 'no-iam', PolicyDocument: doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }) },
          ],
        }),
        user('with-mfa', {
          UserPolicyList: [
            {
              PolicyName: 'bedrock-mfa',
              PolicyDocument: doc({
                Effect: 'Allow',
                Action: ['bed*:*'],
                Resource: ['*'],
                Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
              }),
            },
          ],
        }),
        user('denied', {
          UserPolicyList: [
            {
              PolicyName: 'bedrock-but',
              PolicyDocument: doc(
                { Effect: 'Allow', Action: ['bedrock:*'], Resource: ['*'] },
                { Effect: 'Deny', Action: ['bedrock:Delete*'], Resource: ['*'] },
              ),
            },
          ],
        }),
        user('admin', { GroupList: [], AttachedManagedPolicies: attach(ADMIN_ARN) }),
      ],
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'User all-but-iam in account 111122223333 holds full AI service access directly (inline no-iam).',
      'User with-mfa in account 111122223333 holds conditional full AI service access directly (inline bedrock-mfa).',
    ]);
    expect(fs[0]!.observed).toMatchObject({
      verdict: 'yes',
      reasons: ['inline no-iam statement 1 allows every action except iam:* on every resource'],
    });
  });

  it('passes once when nobody has full access, for the configured services', () => {
    const data = details({
      users: [user('ml', { UserPolicyList: [{ PolicyName: 'b', PolicyDocument: bedrockAll }] })],
    });
    const fs = evaluate(check, {
      scope,
      params: { services: ['sagemaker'] },
      data: { 'aws-iam.authorizationDetails': data },
    });
    expect(messages(fs)).toEqual(['No IAM user or role in account 111122223333 has full access to sagemaker.']);
  });

  it('is an error when the authorization details could not be read', () => {
    const fs = evaluate(check, {
      scope,
      missing: { 'aws-iam.authorizationDetails': denied('iam:GetAccountAuthorizationDetails') },
    });
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountAuthorizationDetails')]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountBlockCommand,
  S3ControlClient,
  S3ControlServiceException,
} from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeKeyCommand, KMSClient, KMSServiceException } from '@aws-sdk/client-kms';
import { awsS3Collector } from '../../../collectors/aws/aws-s3-collector.js';
import { checkRegistry } from '../../../checks/index.js';
import { runChecks } from '../../../src/engine/run-checks.js';
import { CREDS, runAwsCollector } from './aws-harness.js';

const ACCOUNT = '111122223333';
const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const sts = mockClient(STSClient);
const kms = mockClient(KMSClient);
afterEach(() => {
  kms.reset();
  s3.reset();
  control.reset();
  sts.reset();
});

const s3Error = (name: string, status: number) =>
  new S3ServiceException({
    name,
    $fault: 'client',
    message: `Simulated ${name}`,
    $metadata: { httpStatusCode: status },
  });
const ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

function happy() {
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/assay`, UserId: 'AIDAX' });
  control.on(GetAccountBlockCommand).rejects(
    new S3ControlServiceException({
      name: 'NoSuchPublicAccessBlockConfiguration',
      $fault: 'client',
      message: 'none',
      $metadata: { httpStatusCode: 404 },
    }),
  );
  s3.on(ListBucketsCommand, { ContinuationToken: undefined }).resolves({
    Buckets: [{ Name: 'a', BucketRegion: 'us-east-1', CreationDate: new Date('2025-01-01T00:00:00Z') }],
    ContinuationToken: 't2',
  });
  s3.on(ListBucketsCommand, { ContinuationToken: 't2' }).resolves({
    Buckets: [{ Name: 'b', BucketRegion: 'eu-west-1' }, { Name: 'old' }],
  });
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
  s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration', 404));
  s3.on(GetBucketPolicyStatusCommand).rejects(s3Error('NoSuchBucketPolicy', 404));
  s3.on(GetBucketAclCommand).resolves({
    Grants: [
      { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
      { Grantee: { Type: 'CanonicalUser', ID: 'me' }, Permission: 'FULL_CONTROL' },
    ],
  });
  s3.on(GetBucketEncryptionCommand).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError', 404));
  s3.on(GetBucketVersioningCommand).resolves({});
  s3.on(GetObjectLockConfigurationCommand).rejects(s3Error('ObjectLockConfigurationNotFoundError', 404));
  s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet', 404));
}
const kmsRule = (KMSMasterKeyID: string) => ({
  ServerSideEncryptionConfiguration: {
    Rules: [
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' as const, KMSMasterKeyID },
        BucketKeyEnabled: true,
      },
    ],
  },
});

const run = async () =>
  (await runAwsCollector(awsS3Collector, `{ credentials: ${CREDS}, regions: [us-east-1, eu-west-1] }`)).snapshots[0]!;

describe('aws-s3 collector', () => {
  it('reads every "not configured" answer as a value, pages ListBuckets, and finds a missing region with GetBucketLocation', async () => {
    happy();
    const s = await run();
    expect(s.missing).toEqual({});
    expect(s.data['aws-s3.accountPublicAccessBlock']).toBeNull();
    const buckets = s.data['aws-s3.buckets'] as Array<Record<string, unknown>>;
    expect(buckets.map((b) => [b.Name, b.BucketRegion])).toEqual([
      ['a', 'us-east-1'],
      ['b', 'eu-west-1'],
      ['old', 'eu-west-1'],
    ]);
    expect(buckets[0]).toEqual({
      Name: 'a',
      BucketRegion: 'us-east-1',
      CreationDate: '2025-01-01T00:00:00.000Z',
      publicAccessBlock: null,
      policyStatus: { IsPublic: false, hasPolicy: false },
      acl: { publicGrants: [{ grantee: 'AllUsers', permission: 'READ' }] },
      encryption: null,
      versioning: {},
      objectLock: null,
      tags: {},
    });
    expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket)).toEqual(['old']);
    const region = async (cmd: Parameters<typeof s3.commandCalls>[0], bucket: string) =>
      (
        s3.commandCalls(cmd).find((c) => (c.args[0].input as { Bucket?: string }).Bucket === bucket)!
          .thisValue as S3Client
      ).config.region();
    expect(await region(GetBucketEncryptionCommand, 'b')).toBe('eu-west-1');
    expect(await region(GetBucketEncryptionCommand, 'a')).toBe('us-east-1');
    expect(control.commandCalls(GetAccountBlockCommand)[0]!.args[0].input).toEqual({ AccountId: ACCOUNT });
  });

  it('skips the public-access calls an account-wide block makes moot: four calls a bucket', async () => {
    happy();
    control.on(GetAccountBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL });
    const s = await run();
    for (const cmd of [GetPublicAccessBlockCommand, GetBucketPolicyStatusCommand, GetBucketAclCommand])
      expect(s3.commandCalls(cmd)).toHaveLength(0);
    expect(s3.commandCalls(GetBucketEncryptionCommand)).toHaveLength(3);
    expect(s3.commandCalls(GetBucketTaggingCommand)).toHaveLength(3);
    expect((s.data['aws-s3.buckets'] as Array<Record<string, unknown>>)[0]).not.toHaveProperty('policyStatus');
  });

  it('reads the ACL only where no IgnorePublicAcls applies, and the policy status only where no RestrictPublicBuckets applies', async () => {
    happy();
    s3.on(GetPublicAccessBlockCommand, { Bucket: 'a' }).resolves({
      PublicAccessBlockConfiguration: { ...ALL, BlockPublicPolicy: false },
    });
    await run();
    expect(
      s3
        .commandCalls(GetBucketAclCommand)
        .map((c) => c.args[0].input.Bucket)
        .sort(),
    ).toEqual(['b', 'old']);
    expect(
      s3
        .commandCalls(GetBucketPolicyStatusCommand)
        .map((c) => c.args[0].input.Bucket)
        .sort(),
    ).toEqual(['b', 'old']);
  });

  it('an AccessDenied on one bucket call fails only that value: only the checks needing it report error, for that bucket', async () => {
    happy();
    s3.on(GetBucketEncryptionCommand, { Bucket: 'b' }).rejects(s3Error('AccessDenied', 403));
    s3.on(GetBucketEncryptionCommand, { Bucket: 'a' }).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    s3.on(GetBucketEncryptionCommand, { Bucket: 'old' }).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/x' },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
    s3.on(GetBucketAclCommand).resolves({ Grants: [] });
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'data-classification', Value: 'confidential' }] });
    const s = await run();
    const b = (s.data['aws-s3.buckets'] as Array<Record<string, unknown>>).find((x) => x.Name === 'b')!;
    expect(b.encryption).toEqual({
      failed: { operation: 's3:GetBucketEncryption', message: 'AccessDenied: Simulated AccessDenied', status: 403 },
    });
    const checks = checkRegistry();
    const findings = runChecks(
      ['aws-s3-sensitive-buckets-customer-managed-kms', 'aws-s3-buckets-not-public'].map((id) => ({
        check: checks.get(id)!,
        params: checks.get(id)!.params.parse({}),
      })),
      [s],
      new Date('2026-11-23T12:00:00Z'),
    );
    expect(findings.map((f) => [f.checkId, f.status, f.resource.id])).toEqual([
      ['aws-s3-sensitive-buckets-customer-managed-kms', 'fail', 'a'],
      ['aws-s3-sensitive-buckets-customer-managed-kms', 'error', 'b'],
      ['aws-s3-buckets-not-public', 'pass', ACCOUNT],
    ]);
  });

  it('reads the bucket policy only where GetBucketPolicyStatus gives no IsPublic, and keeps only its public statements', async () => {
    happy();
    s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: false } });
    s3.on(GetBucketPolicyStatusCommand, { Bucket: 'a' }).resolves({ PolicyStatus: {} });
    s3.on(GetBucketPolicyStatusCommand, { Bucket: 'b' }).resolves({});
    s3.on(GetBucketPolicyCommand, { Bucket: 'a' }).resolves({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Open',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::a/*',
          },
          {
            Sid: 'Vpce',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::a/*',
            Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
          },
        ],
      }),
    });
    s3.on(GetBucketPolicyCommand, { Bucket: 'b' }).resolves({ Policy: 'not json' });
    const s = await run();
    const byName = Object.fromEntries(
      (s.data['aws-s3.buckets'] as Array<Record<string, unknown>>).map((b) => [b.Name, b]),
    );
    expect(byName.a).toMatchObject({
      policyStatus: { IsPublic: null, hasPolicy: true },
      policy: { publicStatements: [{ sid: 'Open', actions: ['s3:GetObject'], conditionKeys: [] }] },
    });
    expect(byName.b!.policy).toEqual({
      failed: { operation: 's3:GetBucketPolicy', message: 'the bucket policy is not JSON' },
    });
    expect(byName.old).toMatchObject({ policyStatus: { IsPublic: false, hasPolicy: true } });
    expect(byName.old).not.toHaveProperty('policy');
    expect(
      s3
        .commandCalls(GetBucketPolicyCommand)
        .map((c) => c.args[0].input.Bucket)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('asks kms:DescribeKey once per key named by id or ARN, in the key region, and never for aliases', async () => {
    happy();
    const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;
    s3.on(GetBucketEncryptionCommand).resolves(kmsRule(key));
    s3.on(GetBucketEncryptionCommand, { Bucket: 'old' }).resolves(kmsRule('alias/aws/s3'));
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k1', KeyManager: 'CUSTOMER' } });
    const s = await run();
    const buckets = s.data['aws-s3.buckets'] as Array<Record<string, unknown>>;
    expect(buckets.map((b) => [b.Name, b.kmsKeyManager])).toEqual([
      ['a', 'CUSTOMER'],
      ['b', 'CUSTOMER'],
      ['old', undefined],
    ]);
    const calls = kms.commandCalls(DescribeKeyCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([{ KeyId: key }]);
    expect(await (calls[0]!.thisValue as KMSClient).config.region()).toBe('eu-west-1');

    kms.reset();
    kms
      .on(DescribeKeyCommand)
      .rejects(
        new KMSServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'no', $metadata: {} }),
      );
    const denied = await run();
    expect((denied.data['aws-s3.buckets'] as Array<Record<string, unknown>>)[0]!.kmsKeyManager).toEqual({
      failed: { operation: 'kms:DescribeKey', message: 'AccessDeniedException: no' },
    });
  });

  it('a failed ListBuckets makes the bucket dataset missing, naming the call, and keeps the account block', async () => {
    happy();
    s3.on(ListBucketsCommand).rejects(s3Error('AccessDenied', 403));
    const s = await run();
    expect(s.missing['aws-s3.buckets']).toEqual({
      kind: 'error',
      operation: 's3:ListBuckets',
      status: 403,
      message: 'AccessDenied: Simulated AccessDenied',
    });
    expect(s.data['aws-s3.accountPublicAccessBlock']).toBeNull();
  });
});

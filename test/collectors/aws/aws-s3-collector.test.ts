import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
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
import { awsS3Collector } from '../../../collectors/aws/aws-s3-collector.js';
import { checkRegistry } from '../../../checks/index.js';
import { runChecks } from '../../../src/engine/run-checks.js';
import { CREDS, runAwsCollector } from './aws-harness.js';

const ACCOUNT = '111122223333';
const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const sts = mockClient(STSClient);
afterEach(() => {
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
}

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

  it('skips the public-access calls an account-wide block makes moot: three calls a bucket', async () => {
    happy();
    control.on(GetAccountBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL });
    const s = await run();
    for (const cmd of [GetPublicAccessBlockCommand, GetBucketPolicyStatusCommand, GetBucketAclCommand])
      expect(s3.commandCalls(cmd)).toHaveLength(0);
    expect(s3.commandCalls(GetBucketEncryptionCommand)).toHaveLength(3);
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
    const s = await run();
    const b = (s.data['aws-s3.buckets'] as Array<Record<string, unknown>>).find((x) => x.Name === 'b')!;
    expect(b.encryption).toEqual({
      failed: { operation: 's3:GetBucketEncryption', message: 'AccessDenied: Simulated AccessDenied', status: 403 },
    });
    const checks = checkRegistry();
    const findings = runChecks(
      ['aws-s3-default-encryption', 'aws-s3-buckets-not-public'].map((id) => ({
        check: checks.get(id)!,
        params: checks.get(id)!.params.parse({}),
      })),
      [s],
      new Date('2026-11-23T12:00:00Z'),
    );
    expect(findings.map((f) => [f.checkId, f.status, f.resource.id])).toEqual([
      ['aws-s3-default-encryption', 'error', 'b'],
      ['aws-s3-buckets-not-public', 'pass', ACCOUNT],
    ]);
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

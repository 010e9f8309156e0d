import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { BedrockClient, GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { Random } from '../../sim/random.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';
import type { AwsSimState } from '../../sim/aws/aws-state.js';
import { evidenceBucketName } from '../../sim/aws/s3-generate.js';

let sim: AwsSim;
let state: AwsSimState;
const base = (region = 'us-east-1') => ({
  region,
  endpoint: sim.endpoint,
  maxAttempts: 1,
  credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
});
const s3 = (region = 'us-east-1') => new S3Client({ ...base(region), forcePathStyle: true });

beforeAll(async () => {
  state = generateAws(new Random(11), { accounts: 3 });
  sim = await startAwsSim(state);
});
afterAll(() => sim.server.close());

describe('simulated S3, S3 Control and Bedrock', () => {
  it('lists buckets with their regions, paginated', async () => {
    const first = await s3().send(new ListBucketsCommand({ MaxBuckets: 3 }));
    expect(first.Buckets).toHaveLength(3);
    expect(first.Buckets![0]).toMatchObject({
      Name: expect.any(String),
      BucketRegion: expect.stringMatching(/^(us-east-1|eu-west-1)$/),
      CreationDate: expect.any(Date),
    });
    const rest = await s3().send(
      new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken: first.ContinuationToken }),
    );
    expect([...first.Buckets!, ...rest.Buckets!].map((b) => b.Name)).toEqual(
      state.accounts[0]!.s3.buckets.map((b) => b.name).sort(),
    );
    expect(rest.ContinuationToken).toBeUndefined();
  });

  it('answers each bucket sub-resource, with the "not configured" errors S3 uses', async () => {
    const id = state.accounts[0]!.id;
    const evidence = evidenceBucketName(id);
    const site = `acme-public-site-${id}`;
    expect(
      (await s3().send(new GetPublicAccessBlockCommand({ Bucket: evidence }))).PublicAccessBlockConfiguration,
    ).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    await expect(s3().send(new GetPublicAccessBlockCommand({ Bucket: site }))).rejects.toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3().send(new GetBucketPolicyStatusCommand({ Bucket: site }))).rejects.toMatchObject({
      name: 'NoSuchBucketPolicy',
    });
    const acl = await s3().send(new GetBucketAclCommand({ Bucket: site }));
    expect(acl.Grants?.map((g) => [g.Grantee?.URI ?? g.Grantee?.ID, g.Permission])).toEqual([
      [expect.stringMatching(/^sim-canonical/), 'FULL_CONTROL'],
      ['http://acs.amazonaws.com/groups/global/AllUsers', 'READ'],
    ]);
    expect(
      (await s3().send(new GetBucketEncryptionCommand({ Bucket: evidence }))).ServerSideEncryptionConfiguration
        ?.Rules?.[0],
    ).toEqual({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' },
      BucketKeyEnabled: true,
    });
    // Every bucket has default encryption on AWS since January 2023: at least SSE-S3.
    expect(
      (await s3().send(new GetBucketEncryptionCommand({ Bucket: `acme-old-exports-${id}` })))
        .ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault,
    ).toEqual({ SSEAlgorithm: 'AES256' });
    expect((await s3().send(new GetBucketVersioningCommand({ Bucket: evidence }))).Status).toBe('Enabled');
    await expect(
      s3().send(new GetObjectLockConfigurationCommand({ Bucket: `acme-old-exports-${id}` })),
    ).rejects.toMatchObject({ name: 'ObjectLockConfigurationNotFoundError' });
    expect(
      (await s3().send(new GetObjectLockConfigurationCommand({ Bucket: evidence }))).ObjectLockConfiguration,
    ).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: 1 } } });
    const legacy = `acme-legacy-trail-logs-${id}`;
    expect(
      (await s3('eu-west-1').send(new GetBucketPolicyStatusCommand({ Bucket: legacy }))).PolicyStatus?.IsPublic,
    ).toBe(true);
    await expect(s3().send(new GetBucketPolicyStatusCommand({ Bucket: legacy }))).rejects.toMatchObject({
      name: 'AuthorizationHeaderMalformed',
    });
    expect((await s3().send(new GetBucketLocationCommand({ Bucket: legacy }))).LocationConstraint).toBe('eu-west-1');
  });

  it('serves the account public access block through S3 Control, and Bedrock logging per region', async () => {
    // Behind an endpoint override S3 Control's rules would put the account id in front of 127.0.0.1.
    const control = new S3ControlClient({ ...base(), endpointProvider: () => ({ url: new URL(sim.endpoint) }) });
    await expect(
      control.send(new GetAccountPublicAccessBlockCommand({ AccountId: state.accounts[0]!.id })),
    ).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', $metadata: { httpStatusCode: 404 } });
    sim.fail('s3:GetAccountPublicAccessBlock', { status: 403, times: 1 });
    await expect(
      control.send(new GetAccountPublicAccessBlockCommand({ AccountId: state.accounts[0]!.id })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    const bedrock = await new BedrockClient(base()).send(new GetModelInvocationLoggingConfigurationCommand({}));
    expect(bedrock.loggingConfig).toMatchObject({
      s3Config: { bucketName: expect.any(String) },
      textDataDeliveryEnabled: true,
    });
    expect(
      (await new BedrockClient(base('eu-west-1')).send(new GetModelInvocationLoggingConfigurationCommand({})))
        .loggingConfig,
    ).toBeUndefined();
  });
});

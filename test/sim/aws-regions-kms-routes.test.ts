import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Random } from '../../sim/random.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';
import type { AwsSimState } from '../../sim/aws/aws-state.js';
import { kmsKeyArn } from '../../sim/aws/kms-state.js';

let sim: AwsSim;
let state: AwsSimState;
const base = (region = 'us-east-1') => ({
  region,
  endpoint: sim.endpoint,
  maxAttempts: 1,
  credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
});

beforeAll(async () => {
  state = generateAws(new Random(11), { accounts: 3 });
  sim = await startAwsSim(state);
});
afterAll(() => sim.server.close());

describe('simulated account regions, KMS keys, bucket policies and tags', () => {
  it('lists regions with their opt-in status, filtered and paged', async () => {
    const account = new AccountClient(base());
    const all = await account.send(new ListRegionsCommand({ MaxResults: 50 }));
    expect(all.Regions).toContainEqual({ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' });
    expect(all.Regions).toContainEqual({ RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' });
    const first = await account.send(
      new ListRegionsCommand({ MaxResults: 2, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }),
    );
    expect(first.Regions).toHaveLength(2);
    expect(first.NextToken).toEqual(expect.any(String));
    await expect(account.send(new ListRegionsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses calls in a region the account has not enabled, as AWS does', async () => {
    await expect(new CloudTrailClient(base('ap-east-1')).send(new DescribeTrailsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('describes KMS keys by id, ARN or alias in their own region only', async () => {
    const a = state.accounts[0]!;
    const managed = a.kms.keys.find((k) => k.manager === 'AWS' && k.region === 'us-east-1')!;
    const kms = new KMSClient(base());
    const byArn = await kms.send(new DescribeKeyCommand({ KeyId: kmsKeyArn(a.id, managed) }));
    expect(byArn.KeyMetadata).toMatchObject({ KeyManager: 'AWS', KeyId: managed.id });
    const byAlias = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }));
    expect(byAlias.KeyMetadata?.KeyManager).toBe('AWS');
    await expect(
      new KMSClient(base('eu-west-1')).send(new DescribeKeyCommand({ KeyId: kmsKeyArn(a.id, managed) })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('serves the bucket policy as JSON text, policy statuses without IsPublic, and tags or NoSuchTagSet', async () => {
    const a = state.accounts[0]!;
    const s3 = (region: string) => new S3Client({ ...base(region), forcePathStyle: true });
    const unsure = a.s3.buckets.find((b) => b.policy?.statusOmitsIsPublic)!;
    const status = await s3(unsure.region).send(new GetBucketPolicyStatusCommand({ Bucket: unsure.name }));
    expect(status.PolicyStatus?.IsPublic).toBeUndefined();
    const policy = await s3(unsure.region).send(new GetBucketPolicyCommand({ Bucket: unsure.name }));
    expect(JSON.parse(policy.Policy!)).toMatchObject({ Version: '2012-10-17', Statement: expect.any(Array) });
    const tagged = a.s3.buckets.find((b) => Object.keys(b.tags).length > 0)!;
    const tags = await s3(tagged.region).send(new GetBucketTaggingCommand({ Bucket: tagged.name }));
    expect(Object.fromEntries(tags.TagSet!.map((t) => [t.Key, t.Value]))).toEqual(tagged.tags);
    const plain = a.s3.buckets.find((b) => Object.keys(b.tags).length === 0)!;
    await expect(s3(plain.region).send(new GetBucketTaggingCommand({ Bucket: plain.name }))).rejects.toMatchObject({
      name: 'NoSuchTagSet',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

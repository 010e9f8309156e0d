import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { simEvidenceBucket } from '../../sim/aws/s3-truth.js';
import { startS3ObjectSim, type S3ObjectSim } from '../../sim/aws/s3-object-server.js';
import { Random } from '../../sim/random.js';

const state = generateAws(new Random(3), { accounts: 1, usersPerAccount: 1 });
const bucket = simEvidenceBucket(state)!;
const unlocked = state.accounts[0]!.s3.buckets.find((b) => b.objectLock === null && b.region === 'us-east-1')!.name;
let sim: S3ObjectSim;
let s3: S3Client;

beforeAll(async () => {
  sim = await startS3ObjectSim(state, { pageSize: 2 });
  s3 = new S3Client({
    endpoint: sim.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: state.baseCredentials.accessKeyId,
      secretAccessKey: state.baseCredentials.secretAccessKey,
    },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  s3.destroy();
  await sim.close();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('base64');
const binary = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x80, 0x00, 0xc3, 0x28]);
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as S3ServiceException,
  );

describe('simulated S3 objects, through the AWS SDK (its deserializers accept every answer)', () => {
  it('stores bytes as they are and returns them with the SHA-256 checksum the SDK validates', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'a/bin.gz',
        Body: binary,
        IfNoneMatch: '*',
        ChecksumSHA256: sha(binary),
      }),
    );
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/bin.gz', ChecksumMode: 'ENABLED' }));
    expect(Buffer.from(await out.Body!.transformToByteArray())).toEqual(binary);
    expect(out.ChecksumSHA256).toBe(sha(binary));
    expect(out.ObjectLockMode).toBe('GOVERNANCE');
    expect(out.VersionId).toMatch(/^[\w-]{22}$/);
  });

  it('If-None-Match: * on a taken key answers 412 PreconditionFailed; the object is unchanged', async () => {
    const err = await errorOf(
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'a/bin.gz',
          Body: 'other',
          IfNoneMatch: '*',
          ChecksumAlgorithm: 'SHA256',
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/bin.gz' }));
    expect(Buffer.from(await out.Body!.transformToByteArray())).toEqual(binary);
  });

  it('a wrong x-amz-checksum-sha256 answers 400 BadDigest and stores nothing', async () => {
    const err = await errorOf(
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'a/bad', Body: 'abc', ChecksumSHA256: sha(Buffer.from('abd')) }),
      ),
    );
    expect(err).toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    expect(sim.objects(bucket).current('a/bad')).toBeUndefined();
  });

  it('reports versioning and the Object Lock configuration as GetBucketVersioning and GetObjectLockConfiguration do', async () => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    expect(lock.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: 1 } },
    });
    const none = await errorOf(s3.send(new GetObjectLockConfigurationCommand({ Bucket: unlocked })));
    expect(none?.name).toBe('ObjectLockConfigurationNotFoundError');
  });

  it('a plain delete of a locked object adds a delete marker; deleting the locked version is AccessDenied', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/locked', Body: 'x', ChecksumAlgorithm: 'SHA256' }));
    const [version] = sim.objects(bucket).versions('a/locked');
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a/locked' }));
    expect(marker.DeleteMarker).toBe(true);
    const gone = await errorOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/locked' })));
    expect(gone?.name).toBe('NoSuchKey');
    const refused = await errorOf(
      s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a/locked', VersionId: version!.versionId })),
    );
    expect(refused).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const old = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/locked', VersionId: version!.versionId }));
    expect(await old.Body!.transformToString()).toBe('x');
    // A delete marker is not an object: If-None-Match: * writes over it.
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'a/locked',
        Body: 'y',
        IfNoneMatch: '*',
        ChecksumAlgorithm: 'SHA256',
      }),
    );
  });

  it('If-Match replaces or deletes only the version with that ETag', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'a/cas', Body: '1', ChecksumAlgorithm: 'SHA256' }),
    );
    const stale = await errorOf(
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'a/cas', Body: '2', IfMatch: '"0"', ChecksumAlgorithm: 'SHA256' }),
      ),
    );
    expect(stale?.$metadata.httpStatusCode).toBe(412);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'a/cas',
        Body: '2',
        IfMatch: put.ETag!,
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    const late = await errorOf(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a/cas', IfMatch: put.ETag! })));
    expect(late?.$metadata.httpStatusCode).toBe(412);
  });

  it('an Object Lock bucket refuses a write without any checksum or Content-MD5', async () => {
    const bare = new S3Client({
      endpoint: sim.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: {
        accessKeyId: state.baseCredentials.accessKeyId,
        secretAccessKey: state.baseCredentials.secretAccessKey,
      },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    const err = await errorOf(bare.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/nosum', Body: 'x' })));
    bare.destroy();
    expect(err).toMatchObject({ name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } });
  });

  it('lists every key in pages joined by continuation tokens, without delete-marked keys', async () => {
    for (const k of ['l/3', 'l/1', 'l/2', 'l/4', 'l/5'])
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k, ChecksumAlgorithm: 'SHA256' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'l/4' }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'l/', ContinuationToken: token }));
      pages++;
      seen.push(...(out.Contents ?? []).map((c) => c.Key!));
      expect(out.KeyCount).toBe(out.Contents?.length ?? 0);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    expect(seen).toEqual(['l/1', 'l/2', 'l/3', 'l/5']);
    expect(pages).toBe(2);
  });

  it('a request signed for another region than the bucket’s is refused, as S3 does', async () => {
    const other = new S3Client({
      endpoint: sim.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: {
        accessKeyId: state.baseCredentials.accessKeyId,
        secretAccessKey: state.baseCredentials.secretAccessKey,
      },
      maxAttempts: 1,
    });
    const err = await errorOf(other.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/bin.gz' })));
    other.destroy();
    expect(err?.name).toBe('AuthorizationHeaderMalformed');
  });
});

import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { S3BlobStore } from '../../src/evidence/s3-blob-store.js';
import { EvidenceError, StoreUnusableError } from '../../src/errors.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const store = (over: Partial<ConstructorParameters<typeof S3BlobStore>[0]> = {}) =>
  new S3BlobStore({ client: new S3Client({ region: 'us-east-1' }), bucket: 'evidence', prefix: 'assay/', ...over });

const s3Error = (name: string, status: number, message = name) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });

describe('S3BlobStore', () => {
  it('writes with If-None-Match: *, the SHA-256 checksum S3 verifies, SSE-KMS and a per-object retention', async () => {
    s3.on(PutObjectCommand).resolves({});
    const body = Buffer.from('{"run":1}');
    await store({
      kmsKeyId: 'alias/assay-evidence',
      retention: { mode: 'COMPLIANCE', days: 400 },
      now: () => new Date('2026-12-07T00:00:00Z'),
    }).putIfAbsent('chain/00000001.json', body);
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      Bucket: 'evidence',
      Key: 'assay/chain/00000001.json',
      IfNoneMatch: '*',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/assay-evidence',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date('2028-01-11T00:00:00Z'),
    });
  });

  it('never overwrites: a taken key (412) is an EvidenceError with code exists', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    const err = await store()
      .putIfAbsent('runs/r1/findings.jsonl', Buffer.from('x'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvidenceError);
    expect((err as EvidenceError).code).toBe('exists');
    expect((err as Error).message).toBe(
      "evidence key 'runs/r1/findings.jsonl' already exists in s3://evidence/assay/; it is never overwritten",
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('retries a 409 ConditionalRequestConflict, then reports what the retry found', async () => {
    s3.on(PutObjectCommand)
      .rejectsOnce(s3Error('ConditionalRequestConflict', 409))
      .rejectsOnce(s3Error('PreconditionFailed', 412));
    const err = await store()
      .putIfAbsent('chain/00000002.json', Buffer.from('x'))
      .catch((e: unknown) => e);
    expect((err as EvidenceError).code).toBe('exists');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('names the key, the store and the S3 error when a write is refused for another reason', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403, 'Access Denied'));
    await expect(store().putIfAbsent('runs/r1/report.html', Buffer.from('x'))).rejects.toThrow(
      "could not store 'runs/r1/report.html' in s3://evidence/assay/: AccessDenied: Access Denied, HTTP 403",
    );
  });

  it('reads with checksum validation on, and reports an absent key as missing', async () => {
    s3.on(GetObjectCommand, { Key: 'assay/chain/00000001.json' }).resolves({
      Body: { transformToByteArray: () => Promise.resolve(new Uint8Array([1, 2, 3])) } as never,
    });
    s3.on(GetObjectCommand, { Key: 'assay/chain/00000002.json' }).rejects(s3Error('NoSuchKey', 404));
    const blobs = store();
    expect(await blobs.get('chain/00000001.json')).toEqual(new Uint8Array([1, 2, 3]));
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input.ChecksumMode).toBe('ENABLED');
    const err = await blobs.get('chain/00000002.json').catch((e: unknown) => e);
    expect((err as EvidenceError).code).toBe('missing');
  });

  it('refuses keys that could alias another', async () => {
    for (const key of ['', 'a//b', '../chain/x', 'runs/./x'])
      await expect(store().putIfAbsent(key, Buffer.from('x'))).rejects.toThrow(`invalid evidence key '${key}'`);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('lists every page, strips the store prefix and sorts; a repeated continuation token is an error', async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
      Contents: [{ Key: 'assay/chain/00000002.json' }],
      IsTruncated: true,
      NextContinuationToken: 't1',
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 't1' }).resolves({
      Contents: [{ Key: 'assay/chain/00000001.json' }],
      IsTruncated: false,
    });
    expect(await store().list('chain/')).toEqual(['chain/00000001.json', 'chain/00000002.json']);
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix)).toEqual([
      'assay/chain/',
      'assay/chain/',
    ]);

    s3.reset();
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: true, NextContinuationToken: 'same' });
    await expect(store().list('runs/')).rejects.toThrow(
      's3:ListObjectsV2 on s3://evidence/assay/ returned a continuation token twice',
    );
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(2);
  });

  it('accepts a bucket with Object Lock and versioning and records its default retention', async () => {
    s3.on(GetObjectLockConfigurationCommand).resolves({
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 7 } },
      },
    });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    const blobs = store();
    await blobs.checkWritable();
    expect(blobs.lockState()).toEqual({
      objectLock: true,
      versioning: true,
      defaultRetention: { mode: 'COMPLIANCE', years: 7 },
    });
  });

  it('refuses a bucket without Object Lock unless allowUnlocked is set, and then says it is unlocked', async () => {
    s3.on(GetObjectLockConfigurationCommand).rejects(s3Error('ObjectLockConfigurationNotFoundError', 404));
    s3.on(GetBucketVersioningCommand).resolves({});
    const err = await store()
      .checkWritable()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnusableError);
    expect((err as Error).message).toBe(
      's3://evidence/assay/: the bucket has no Object Lock and versioning, so stored evidence could be deleted or ' +
        'replaced; use a bucket created with Object Lock, or set evidence.allowUnlocked: true (recorded in every manifest)',
    );
    const unlocked = store({ allowUnlocked: true });
    await unlocked.checkWritable();
    expect(unlocked.lockState()).toEqual({ objectLock: false, versioning: false });
  });

  it('names the call when the bucket cannot be inspected', async () => {
    s3.on(GetObjectLockConfigurationCommand).rejects(s3Error('AccessDenied', 403, 'Access Denied'));
    await expect(store().checkWritable()).rejects.toThrow(
      's3://evidence/assay/: s3:GetObjectLockConfiguration failed (AccessDenied: Access Denied, HTTP 403)',
    );
  });

  // The mock replaces send(), so the SDK's own retries (standard mode: 500s and SlowDown) are not in play: what
  // reaches the store is what outlasted them.
  it('names the store and the S3 error of a write that failed for good (500, throttling), without retrying it', async () => {
    s3.on(PutObjectCommand)
      .rejectsOnce(
        Object.assign(s3Error('InternalError', 500, 'We encountered an internal error.'), { $fault: 'server' }),
      )
      .rejectsOnce(s3Error('SlowDown', 503, 'Please reduce your request rate.'));
    await expect(store().putIfAbsent('runs/r1/a.json', Buffer.from('x'))).rejects.toThrow(
      "could not store 'runs/r1/a.json' in s3://evidence/assay/: InternalError: We encountered an internal error., HTTP 500",
    );
    await expect(store().putIfAbsent('runs/r1/b.json', Buffer.from('x'))).rejects.toThrow(
      "could not store 'runs/r1/b.json' in s3://evidence/assay/: SlowDown: Please reduce your request rate., HTTP 503",
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('names the store and the S3 error when a read or a listing fails (403, 500)', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403, 'Access Denied'));
    s3.on(ListObjectsV2Command).rejects(
      Object.assign(s3Error('InternalError', 500, 'We encountered an internal error.'), { $fault: 'server' }),
    );
    const blobs = store({ client: new S3Client({ region: 'us-east-1', maxAttempts: 1 }) });
    const read = (await blobs.get('chain/00000001.json').catch((e: unknown) => e)) as EvidenceError;
    expect(read.message).toBe(
      "could not read 'chain/00000001.json' from s3://evidence/assay/: AccessDenied: Access Denied, HTTP 403",
    );
    expect(read.code).toBeUndefined();
    await expect(blobs.list('chain/')).rejects.toThrow(
      "could not list 'chain/' in s3://evidence/assay/: InternalError: We encountered an internal error., HTTP 500",
    );
  });

  it('refuses a prefix that does not end with a slash', () => {
    expect(() => store({ prefix: 'assay' })).toThrow("S3 evidence prefix 'assay' must be empty or end with '/'");
  });
});

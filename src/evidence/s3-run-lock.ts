import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3ServiceException,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StoreUnusableError } from '../errors.js';
import { RUN_LOCK_KEY, type LockBackend } from './run-lock.js';

const statusOf = (e: unknown): number | undefined =>
  e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined;
const nameOf = (e: unknown): string | undefined => (e instanceof Error ? e.name : undefined);

/**
 * The run lock as one object (`<prefix>locks/run.json`) with S3's conditional writes: created with
 * `If-None-Match: *`, taken over with `If-Match: <ETag>` of the stale lock, released with `DeleteObject` +
 * `If-Match`, which on a versioned bucket only adds a delete marker: Object Lock allows that (the locked versions
 * stay), and `If-None-Match: *` writes over a delete marker. Releasing needs `s3:DeleteObject` on that key only.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html
 */
export class S3LockBackend implements LockBackend {
  readonly location: string;
  private readonly key: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    prefix: string,
    private readonly kmsKeyId?: string,
  ) {
    this.key = `${prefix}${RUN_LOCK_KEY}`;
    this.location = `s3://${bucket}/${this.key}`;
  }

  async read(): Promise<{ bytes: Uint8Array; tag: string } | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      if (!out.ETag) throw new StoreUnusableError(`${this.location}: s3:GetObject returned no ETag`);
      return { bytes, tag: out.ETag };
    } catch (e) {
      if (e instanceof StoreUnusableError) throw e;
      if (nameOf(e) === 'NoSuchKey' || statusOf(e) === 404) return undefined;
      throw this.fail('s3:GetObject', e);
    }
  }

  async create(bytes: Uint8Array): Promise<{ tag: string } | 'exists'> {
    try {
      return await this.put(bytes, { IfNoneMatch: '*' });
    } catch (e) {
      // 409: another conditional write to the key was in flight; either way someone else is taking the lock.
      if (statusOf(e) === 412 || statusOf(e) === 409) return 'exists';
      throw this.fail('s3:PutObject', e);
    }
  }

  async replace(tag: string, bytes: Uint8Array): Promise<{ tag: string } | 'changed'> {
    try {
      return await this.put(bytes, { IfMatch: tag });
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 409 || statusOf(e) === 404) return 'changed';
      throw this.fail('s3:PutObject', e);
    }
  }

  async remove(tag: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key, IfMatch: tag }));
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return;
      throw this.fail('s3:DeleteObject', e);
    }
  }

  private async put(bytes: Uint8Array, condition: Partial<PutObjectCommandInput>): Promise<{ tag: string }> {
    const out = await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key,
        Body: bytes,
        ContentType: 'application/json',
        // Object Lock buckets refuse writes without a checksum.
        ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
        ...(this.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.kmsKeyId } : {}),
        ...condition,
      }),
    );
    if (!out.ETag) throw new StoreUnusableError(`${this.location}: s3:PutObject returned no ETag`);
    return { tag: out.ETag };
  }

  private fail(operation: string, e: unknown): StoreUnusableError {
    const status = statusOf(e);
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return new StoreUnusableError(
      `run lock ${this.location}: ${operation} failed (${text}${status ? `, HTTP ${status}` : ''})`,
      { cause: e },
    );
  }
}

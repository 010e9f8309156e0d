import { createHash } from 'node:crypto';
import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type ObjectLockRetentionMode,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { EvidenceError, StoreUnusableError } from '../errors.js';
import type { BlobStore } from './blob-store.js';

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix inside the bucket, '' or ending with '/'. */
  prefix: string;
  /** SSE-KMS with this key (id, ARN or alias); unset: the bucket's default encryption. */
  kmsKeyId?: string;
  /** A per-object retention on top of the bucket's default (e.g. a longer period for manifests). */
  retention?: { mode: ObjectLockRetentionMode; days: number };
  /** Accept a bucket without Object Lock or versioning; the run records that its evidence is not locked. */
  allowUnlocked?: boolean;
  /** The clock for per-object retain-until dates. */
  now?: () => Date;
}

/** How the bucket protects what is written, as found by `checkWritable`. */
export interface S3LockState {
  objectLock: boolean;
  versioning: boolean;
  defaultRetention?: { mode?: string; days?: number; years?: number };
}

const CONFLICT_RETRIES = 3;

const statusOf = (e: unknown): number | undefined =>
  e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined;
const nameOf = (e: unknown): string | undefined => (e instanceof Error ? e.name : undefined);

/**
 * Write-once keys in an S3 bucket: `PutObject` with `If-None-Match: *` (a taken key answers 412 and is never
 * overwritten), a SHA-256 checksum that S3 verifies on arrival, and the bucket's Object Lock retention, so that
 * nothing stored can be deleted or replaced within retention, the newest manifest included.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
export class S3BlobStore implements BlobStore {
  readonly location: string;
  private lock: S3LockState | undefined;

  constructor(private readonly opts: S3BlobStoreOptions) {
    if (opts.prefix !== '' && !opts.prefix.endsWith('/'))
      throw new EvidenceError(`S3 evidence prefix '${opts.prefix}' must be empty or end with '/'`, { code: 'invalid' });
    this.location = `s3://${opts.bucket}/${opts.prefix}`;
  }

  /** What `checkWritable` found; `undefined` before it ran. */
  lockState(): S3LockState | undefined {
    return this.lock;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<void> {
    checkKey(key);
    const input: PutObjectCommandInput = {
      Bucket: this.opts.bucket,
      Key: this.opts.prefix + key,
      Body: body,
      IfNoneMatch: '*',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
      ...(this.opts.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.opts.kmsKeyId } : {}),
      ...(this.opts.retention
        ? {
            ObjectLockMode: this.opts.retention.mode,
            ObjectLockRetainUntilDate: new Date(
              (this.opts.now ?? (() => new Date()))().getTime() + this.opts.retention.days * 86_400_000,
            ),
          }
        : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.client.send(new PutObjectCommand(input));
        return;
      } catch (e) {
        if (statusOf(e) === 412 || nameOf(e) === 'PreconditionFailed')
          throw new EvidenceError(`evidence key '${key}' already exists in ${this.location}; it is never overwritten`, {
            code: 'exists',
            cause: e,
          });
        // 409 ConditionalRequestConflict: another conditional write to the key was in flight; the next try settles it.
        if ((statusOf(e) === 409 || nameOf(e) === 'ConditionalRequestConflict') && attempt < CONFLICT_RETRIES) continue;
        throw new EvidenceError(`could not store '${key}' in ${this.location}: ${describe(e)}`, { cause: e });
      }
    }
  }

  async get(key: string): Promise<Uint8Array> {
    checkKey(key);
    try {
      const out = await this.opts.client.send(
        new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.opts.prefix + key, ChecksumMode: 'ENABLED' }),
      );
      if (!out.Body) throw new EvidenceError(`evidence key '${key}' in ${this.location} has no body`);
      return await out.Body.transformToByteArray();
    } catch (e) {
      if (e instanceof EvidenceError) throw e;
      if (nameOf(e) === 'NoSuchKey' || statusOf(e) === 404)
        throw new EvidenceError(`evidence key '${key}' is missing from ${this.location}`, {
          code: 'missing',
          cause: e,
        });
      throw new EvidenceError(`could not read '${key}' from ${this.location}: ${describe(e)}`, { cause: e });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const out = await this.opts.client
        .send(
          new ListObjectsV2Command({
            Bucket: this.opts.bucket,
            Prefix: this.opts.prefix + prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        )
        .catch((e: unknown) => {
          throw new EvidenceError(`could not list '${prefix}' in ${this.location}: ${describe(e)}`, { cause: e });
        });
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.opts.prefix.length));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
      if (token !== undefined) {
        if (seen.has(token))
          throw new EvidenceError(`s3:ListObjectsV2 on ${this.location} returned a continuation token twice`);
        seen.add(token);
      }
    } while (token !== undefined);
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Refuses a bucket without Object Lock and versioning unless `allowUnlocked` is set. */
  async checkWritable(): Promise<void> {
    const { client, bucket } = this.opts;
    let objectLock = false;
    let defaultRetention: S3LockState['defaultRetention'];
    try {
      const out = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
      objectLock = out.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
      const d = out.ObjectLockConfiguration?.Rule?.DefaultRetention;
      if (d)
        defaultRetention = {
          ...(d.Mode ? { mode: d.Mode } : {}),
          ...(d.Days ? { days: d.Days } : {}),
          ...(d.Years ? { years: d.Years } : {}),
        };
    } catch (e) {
      if (nameOf(e) !== 'ObjectLockConfigurationNotFoundError') throw this.unusable('s3:GetObjectLockConfiguration', e);
    }
    let versioning: boolean;
    try {
      const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      versioning = out.Status === 'Enabled';
    } catch (e) {
      throw this.unusable('s3:GetBucketVersioning', e);
    }
    this.lock = { objectLock, versioning, ...(defaultRetention ? { defaultRetention } : {}) };
    if ((!objectLock || !versioning) && !this.opts.allowUnlocked) {
      const missing = [!objectLock && 'Object Lock', !versioning && 'versioning'].filter(Boolean).join(' and ');
      throw new StoreUnusableError(
        `${this.location}: the bucket has no ${missing}, so stored evidence could be deleted or replaced; ` +
          'use a bucket created with Object Lock, or set evidence.allowUnlocked: true (recorded in every manifest)',
      );
    }
  }

  /** Single-request uploads leave nothing half-written behind. */
  leftovers(): Promise<string[]> {
    return Promise.resolve([]);
  }

  private unusable(operation: string, e: unknown): StoreUnusableError {
    return new StoreUnusableError(`${this.location}: ${operation} failed (${describe(e)})`, { cause: e });
  }
}

function describe(e: unknown): string {
  const status = statusOf(e);
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return status ? `${text}, HTTP ${status}` : text;
}

/** Keys are `/`-separated relative paths: no empty, dot or dot-dot segment. */
function checkKey(key: string): void {
  if (key === '' || key.split('/').some((s) => s === '' || s === '.' || s === '..'))
    throw new EvidenceError(`invalid evidence key '${key}'`, { code: 'invalid' });
}

import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import type { CallFn } from '../../src/model/collector.js';
import { isFailed } from '../../src/model/datasets/aws-call-failure.js';
import type { Bucket, PublicAccessBlock } from '../../src/model/datasets/aws-s3.js';
import { probe } from './aws-call-probe.js';
import { readBucketPolicy } from './aws-s3-bucket-policy.js';
import { defaultKeyManager, type KmsKeyManagers } from './aws-s3-kms-keys.js';
import { orNone } from './aws-s3-or-none.js';
import { PageGuard } from '../paging/page-guard.js';

/** Buckets read at once per account; each bucket costs four to eight small GETs. */
const BUCKET_CONCURRENCY = 16;
const PUBLIC_GROUPS: Record<string, 'AllUsers' | 'AuthenticatedUsers'> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

export const toPublicAccessBlock = (c: PublicAccessBlockConfiguration | undefined): PublicAccessBlock => ({
  BlockPublicAcls: c?.BlockPublicAcls === true,
  IgnorePublicAcls: c?.IgnorePublicAcls === true,
  BlockPublicPolicy: c?.BlockPublicPolicy === true,
  RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
});

/** `null` and `EU` are the historic names of us-east-1 and eu-west-1. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html */
const locationRegion = (c: string | undefined): string => (!c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c);

interface ListedBucket {
  Name: string;
  BucketRegion: string;
  CreationDate?: string;
}

/** ListBuckets, 1,000 a page; the region comes with each bucket, so GetBucketLocation is only a fallback. */
export async function listBuckets(call: CallFn, s3: S3Client, signal: AbortSignal): Promise<ListedBucket[]> {
  const raw = await call('s3:ListBuckets', async () => {
    const out: Array<{ Name: string; BucketRegion?: string; CreationDate?: Date }> = [];
    let token: string | undefined;
    const guard = new PageGuard('s3:ListBuckets');
    do {
      if (token) guard.page(token);
      const page = await s3.send(
        new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }),
        { abortSignal: signal },
      );
      for (const b of page.Buckets ?? [])
        if (b.Name)
          out.push({
            Name: b.Name,
            ...(b.BucketRegion ? { BucketRegion: b.BucketRegion } : {}),
            ...(b.CreationDate ? { CreationDate: b.CreationDate } : {}),
          });
      token = page.ContinuationToken || undefined;
    } while (token);
    return out;
  });
  return Promise.all(
    raw.map(async (b) => ({
      Name: b.Name,
      BucketRegion:
        b.BucketRegion ??
        (await call('s3:GetBucketLocation', async () =>
          locationRegion(
            (await s3.send(new GetBucketLocationCommand({ Bucket: b.Name }), { abortSignal: signal }))
              .LocationConstraint,
          ),
        )),
      ...(b.CreationDate ? { CreationDate: b.CreationDate.toISOString() } : {}),
    })),
  );
}

/**
 * The settings of one bucket, each call made in the bucket's region. Calls whose answer the account's public access
 * block already neutralises are skipped: with RestrictPublicBuckets and IgnorePublicAcls on for the account, no
 * bucket policy or ACL can make a bucket public. `account` undefined: the account block is unknown, read everything.
 */
export async function readBucket(
  call: CallFn,
  s3: S3Client,
  b: ListedBucket,
  account: PublicAccessBlock | null | undefined,
  kms: KmsKeyManagers,
  signal: AbortSignal,
): Promise<Bucket> {
  const opts = { abortSignal: signal };
  const Bucket = b.Name;
  const accountSets = (flag: keyof PublicAccessBlock) => account?.[flag] === true;
  const publicAccessBlock =
    accountSets('RestrictPublicBuckets') && accountSets('IgnorePublicAcls')
      ? undefined
      : await probe(
          call,
          's3:GetPublicAccessBlock',
          () =>
            orNone(
              async () =>
                toPublicAccessBlock(
                  (await s3.send(new GetPublicAccessBlockCommand({ Bucket }), opts)).PublicAccessBlockConfiguration,
                ),
              ['NoSuchPublicAccessBlockConfiguration'],
              null,
            ),
          signal,
        );
  const blocked = (flag: 'RestrictPublicBuckets' | 'IgnorePublicAcls') =>
    accountSets(flag) ||
    (publicAccessBlock !== undefined &&
      publicAccessBlock !== null &&
      !isFailed(publicAccessBlock) &&
      publicAccessBlock[flag]);

  const [policy, acl, encryption, versioning, objectLock, tags] = await Promise.all([
    blocked('RestrictPublicBuckets') ? undefined : readBucketPolicy(call, s3, Bucket, signal),
    blocked('IgnorePublicAcls')
      ? undefined
      : probe(
          call,
          's3:GetBucketAcl',
          async () => {
            const out = await s3.send(new GetBucketAclCommand({ Bucket }), opts);
            const publicGrants = (out.Grants ?? []).flatMap((g) => {
              const grantee = PUBLIC_GROUPS[g.Grantee?.URI ?? ''];
              return grantee ? [{ grantee, permission: g.Permission ?? 'UNKNOWN' }] : [];
            });
            return { publicGrants };
          },
          signal,
        ),
    probe(
      call,
      's3:GetBucketEncryption',
      () =>
        orNone(
          async () => {
            const rules =
              (await s3.send(new GetBucketEncryptionCommand({ Bucket }), opts)).ServerSideEncryptionConfiguration
                ?.Rules ?? [];
            return rules.flatMap((r) => {
              const d = r.ApplyServerSideEncryptionByDefault;
              if (!d?.SSEAlgorithm) return [];
              return [
                {
                  SSEAlgorithm: d.SSEAlgorithm,
                  ...(d.KMSMasterKeyID ? { KMSMasterKeyID: d.KMSMasterKeyID } : {}),
                  ...(r.BucketKeyEnabled !== undefined ? { BucketKeyEnabled: r.BucketKeyEnabled } : {}),
                },
              ];
            });
          },
          ['ServerSideEncryptionConfigurationNotFoundError'],
          null,
        ),
      signal,
    ),
    probe(
      call,
      's3:GetBucketVersioning',
      async () => {
        const out = await s3.send(new GetBucketVersioningCommand({ Bucket }), opts);
        return {
          ...(out.Status ? { Status: out.Status } : {}),
          ...(out.MFADelete ? { MFADelete: out.MFADelete } : {}),
        };
      },
      signal,
    ),
    probe(
      call,
      's3:GetObjectLockConfiguration',
      () =>
        orNone(
          async () => {
            const c = (await s3.send(new GetObjectLockConfigurationCommand({ Bucket }), opts)).ObjectLockConfiguration;
            const r = c?.Rule?.DefaultRetention;
            return {
              ...(c?.ObjectLockEnabled ? { ObjectLockEnabled: c.ObjectLockEnabled } : {}),
              ...(r
                ? {
                    DefaultRetention: {
                      ...(r.Mode ? { Mode: r.Mode } : {}),
                      ...(r.Days !== undefined ? { Days: r.Days } : {}),
                      ...(r.Years !== undefined ? { Years: r.Years } : {}),
                    },
                  }
                : {}),
            };
          },
          ['ObjectLockConfigurationNotFoundError'],
          null,
        ),
      signal,
    ),
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html: NoSuchTagSet means no tags.
    probe(
      call,
      's3:GetBucketTagging',
      () =>
        orNone(
          async () =>
            Object.fromEntries(
              ((await s3.send(new GetBucketTaggingCommand({ Bucket }), opts)).TagSet ?? []).flatMap((t) =>
                t.Key !== undefined ? [[t.Key, t.Value ?? '']] : [],
              ),
            ) as Record<string, string>,
          ['NoSuchTagSet'],
          {},
        ),
      signal,
    ),
  ]);
  const kmsKeyManager = await defaultKeyManager(call, kms, encryption, b.BucketRegion);
  return {
    ...b,
    ...(publicAccessBlock !== undefined ? { publicAccessBlock } : {}),
    ...(policy?.policyStatus !== undefined ? { policyStatus: policy.policyStatus } : {}),
    ...(policy?.policy !== undefined ? { policy: policy.policy } : {}),
    ...(acl !== undefined ? { acl } : {}),
    encryption,
    ...(kmsKeyManager !== undefined ? { kmsKeyManager } : {}),
    versioning,
    objectLock,
    tags,
  };
}

/** Every bucket's settings, `BUCKET_CONCURRENCY` buckets at a time, each through the client of its region. */
export async function readBuckets(
  call: CallFn,
  s3For: (region: string) => S3Client,
  buckets: readonly ListedBucket[],
  account: PublicAccessBlock | null | undefined,
  kms: KmsKeyManagers,
  signal: AbortSignal,
): Promise<Bucket[]> {
  const limit = pLimit(BUCKET_CONCURRENCY);
  return Promise.all(buckets.map((b) => limit(() => readBucket(call, s3For(b.BucketRegion), b, account, kms, signal))));
}

import { z } from 'zod';
import { isFailed, orFailed, type CallFailure } from './aws-call-failure.js';

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html (an absent flag is false). */
export const PublicAccessBlockSchema = z.object({
  BlockPublicAcls: z.boolean(),
  IgnorePublicAcls: z.boolean(),
  BlockPublicPolicy: z.boolean(),
  RestrictPublicBuckets: z.boolean(),
});
export type PublicAccessBlock = z.infer<typeof PublicAccessBlockSchema>;
export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;

/** The `AllUsers` / `AuthenticatedUsers` grants of a bucket ACL: the only ones that make it public. */
export const PublicGrantSchema = z.object({
  grantee: z.enum(['AllUsers', 'AuthenticatedUsers']),
  permission: z.string(),
});

/**
 * One bucket from ListBuckets and its per-bucket settings. A per-bucket call that failed is kept as `{ failed }`;
 * `publicAccessBlock`, `policyStatus` and `acl` are absent when the account's (or bucket's) public access block
 * already neutralises what they would show, so they were not read.
 */
export const BucketSchema = z.object({
  Name: z.string(),
  BucketRegion: z.string(),
  CreationDate: z.iso.datetime().optional(),
  /** Null: NoSuchPublicAccessBlockConfiguration (none at bucket level). */
  publicAccessBlock: orFailed(PublicAccessBlockSchema.nullable()).optional(),
  /** No bucket policy (NoSuchBucketPolicy) reads as `{ IsPublic: false, hasPolicy: false }`. */
  policyStatus: orFailed(z.object({ IsPublic: z.boolean(), hasPolicy: z.boolean() })).optional(),
  acl: orFailed(z.object({ publicGrants: z.array(PublicGrantSchema) })).optional(),
  /** Null: ServerSideEncryptionConfigurationNotFoundError (no default encryption). */
  encryption: orFailed(
    z
      .array(
        z.object({
          SSEAlgorithm: z.string(),
          KMSMasterKeyID: z.string().optional(),
          BucketKeyEnabled: z.boolean().optional(),
        }),
      )
      .nullable(),
  ),
  /** `Status` absent: versioning was never enabled. */
  versioning: orFailed(z.object({ Status: z.string().optional(), MFADelete: z.string().optional() })),
  /** Null: ObjectLockConfigurationNotFoundError (Object Lock not enabled). */
  objectLock: orFailed(
    z
      .object({
        ObjectLockEnabled: z.string().optional(),
        DefaultRetention: z
          .object({
            Mode: z.string().optional(),
            Days: z.number().int().optional(),
            Years: z.number().int().optional(),
          })
          .optional(),
      })
      .nullable(),
  ),
});
export type Bucket = z.infer<typeof BucketSchema>;

export const awsS3Datasets = {
  /** S3 Control GetPublicAccessBlock for the account; null when none is configured. */
  'aws-s3.accountPublicAccessBlock': PublicAccessBlockSchema.nullable(),
  'aws-s3.buckets': z.array(BucketSchema),
};

export interface BucketExposure {
  public: boolean;
  /** How it is public. */
  via: Array<'bucket policy' | 'ACL'>;
  /** Calls whose failure left the answer open (only when not public through another path). */
  unknown: CallFailure[];
}

const notRead = (operation: string): CallFailure => ({ operation, message: 'not collected' });

/**
 * Whether anyone on the internet can read or write the bucket: a public policy not neutralised by
 * RestrictPublicBuckets, or a public ACL grant not neutralised by IgnorePublicAcls, at account or bucket level.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
export function bucketExposure(b: Bucket, account: PublicAccessBlock | null): BucketExposure {
  const pab = b.publicAccessBlock;
  const side = (
    flag: 'RestrictPublicBuckets' | 'IgnorePublicAcls',
    isPublic: () => boolean | CallFailure,
  ): boolean | CallFailure => {
    if (account?.[flag]) return false;
    if (pab && !isFailed(pab) && pab[flag]) return false;
    const open = isPublic();
    if (open !== true) return open;
    if (pab && isFailed(pab)) return pab.failed;
    return true;
  };
  const policy = side('RestrictPublicBuckets', () => {
    const ps = b.policyStatus;
    if (!ps) return notRead('s3:GetBucketPolicyStatus');
    return isFailed(ps) ? ps.failed : ps.IsPublic;
  });
  const acl = side('IgnorePublicAcls', () => {
    if (!b.acl) return notRead('s3:GetBucketAcl');
    return isFailed(b.acl) ? b.acl.failed : b.acl.publicGrants.length > 0;
  });
  const via: BucketExposure['via'] = [
    ...(policy === true ? (['bucket policy'] as const) : []),
    ...(acl === true ? (['ACL'] as const) : []),
  ];
  const unknown = via.length > 0 ? [] : [policy, acl].filter((x): x is CallFailure => typeof x === 'object');
  return { public: via.length > 0, via, unknown };
}

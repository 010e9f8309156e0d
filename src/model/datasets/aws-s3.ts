import { z } from 'zod';
import { isFailed, orFailed, type CallFailure } from './aws-call-failure.js';
import { PublicStatementSchema } from './aws-s3-policy.js';

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
  /**
   * No bucket policy (NoSuchBucketPolicy) reads as `{ IsPublic: false, hasPolicy: false }`; `IsPublic: null`: the
   * response did not say, which is unknown, not private.
   */
  policyStatus: orFailed(z.object({ IsPublic: z.boolean().nullable(), hasPolicy: z.boolean() })).optional(),
  /**
   * GetBucketPolicy, read only when GetBucketPolicyStatus gave no IsPublic: the statements letting anyone in.
   * Null: NoSuchBucketPolicy.
   */
  policy: orFailed(z.object({ publicStatements: z.array(PublicStatementSchema) }).nullable()).optional(),
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
  /**
   * kms:DescribeKey's KeyManager for a default-encryption key named by id or ARN; absent for aliases (they tell
   * alone), for SSE-S3 and for the aws/s3 default key.
   */
  kmsKeyManager: orFailed(z.enum(['AWS', 'CUSTOMER'])).optional(),
  /** GetBucketTagging; `{}` for NoSuchTagSet (no tags). */
  tags: orFailed(z.record(z.string(), z.string())),
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
  /** What decided each path in `via`, for the message: the call and what it showed. */
  evidence: string[];
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
  const evidence = { policy: '', acl: '' };
  const policy = side('RestrictPublicBuckets', () => {
    const ps = b.policyStatus;
    if (!ps) return notRead('s3:GetBucketPolicyStatus');
    if (isFailed(ps)) return ps.failed;
    if (ps.IsPublic !== null) {
      if (ps.IsPublic) evidence.policy = 's3:GetBucketPolicyStatus says IsPublic';
      return ps.IsPublic;
    }
    // GetBucketPolicyStatus did not say: the policy's own statements decide.
    const p = b.policy;
    if (p === undefined) return notRead('s3:GetBucketPolicy');
    if (p !== null && isFailed(p)) return p.failed;
    const open = p?.publicStatements ?? [];
    if (open.length === 0) return false;
    const s = open[0]!;
    const conditions = s.conditionKeys.length
      ? ` under conditions on ${s.conditionKeys.join(', ')} that do not restrict who`
      : ' without a condition';
    evidence.policy = `s3:GetBucketPolicy (GetBucketPolicyStatus gave no IsPublic): statement ${s.sid ?? '(no Sid)'} allows anyone ${s.actions.join(', ')}${conditions}`;
    return true;
  });
  const acl = side('IgnorePublicAcls', () => {
    if (!b.acl) return notRead('s3:GetBucketAcl');
    if (isFailed(b.acl)) return b.acl.failed;
    const g = b.acl.publicGrants;
    if (g.length > 0)
      evidence.acl = `s3:GetBucketAcl grants ${g.map((x) => `${x.grantee} ${x.permission}`).join(', ')}`;
    return g.length > 0;
  });
  const via: BucketExposure['via'] = [
    ...(policy === true ? (['bucket policy'] as const) : []),
    ...(acl === true ? (['ACL'] as const) : []),
  ];
  const unknown = via.length > 0 ? [] : [policy, acl].filter((x): x is CallFailure => typeof x === 'object');
  return {
    public: via.length > 0,
    via,
    evidence: [...(policy === true ? [evidence.policy] : []), ...(acl === true ? [evidence.acl] : [])],
    unknown,
  };
}

/** How a bucket's default encryption key is held, and what decided it. */
export type BucketKmsKey =
  | { kind: 'none' }
  | { kind: 'sse-s3'; algorithm: string }
  | { kind: 'aws-managed' | 'customer'; key: string; source: string }
  | { kind: 'unknown'; failure: CallFailure };

/** `alias/x` from an alias name or alias ARN; undefined for a key id or key ARN. */
const kmsAlias = (key: string): string | undefined => /(?:^|:)(alias\/.+)$/.exec(key)?.[1];

/**
 * Which kind of key encrypts new objects by default. An alias decides alone: `alias/aws/…` is reserved for AWS managed
 * keys, and a customer alias cannot point at one; a key id or ARN needs kms:DescribeKey's KeyManager.
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt
 */
export function bucketKmsKey(b: Bucket): BucketKmsKey {
  if (isFailed(b.encryption)) return { kind: 'unknown', failure: b.encryption.failed };
  const rules = b.encryption ?? [];
  if (rules.length === 0) return { kind: 'none' };
  const rule = rules.find((r) => r.SSEAlgorithm.startsWith('aws:kms'));
  if (!rule) return { kind: 'sse-s3', algorithm: rules[0]!.SSEAlgorithm };
  const key = rule.KMSMasterKeyID;
  if (!key) return { kind: 'aws-managed', key: 'aws/s3', source: 'no key is named, so S3 uses aws/s3' };
  const alias = kmsAlias(key);
  if (alias)
    return alias.startsWith('alias/aws/')
      ? { kind: 'aws-managed', key, source: 'judged by its alias: alias/aws/ names AWS managed keys' }
      : { kind: 'customer', key, source: 'judged by its alias: only customer-managed keys take other aliases' };
  const m = b.kmsKeyManager;
  if (m === undefined) return { kind: 'unknown', failure: notRead('kms:DescribeKey') };
  if (isFailed(m)) return { kind: 'unknown', failure: m.failed };
  return { kind: m === 'CUSTOMER' ? 'customer' : 'aws-managed', key, source: `kms:DescribeKey says KeyManager ${m}` };
}

export interface SimPublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

/** One bucket in the simulated world; `policy` and `aclPublicRead` say what its policy and ACL grant, before any block. */
export interface SimBucket {
  name: string;
  region: string;
  creationDate: string;
  publicAccessBlock: SimPublicAccessBlock | null;
  /**
   * Null: no bucket policy. `statusOmitsIsPublic`: GetBucketPolicyStatus answers without IsPublic (AWS does), so only
   * the policy document tells.
   */
  policy: { public: boolean; statusOmitsIsPublic?: boolean } | null;
  /** Grants to the AllUsers group. */
  aclPublicRead: boolean;
  /** Every bucket has default encryption: S3 applies SSE-S3 (AES256) to every bucket since January 2023. */
  encryption: { algorithm: 'AES256' | 'aws:kms'; kmsKeyId?: string; bucketKey: boolean };
  /** Bucket tags; empty: GetBucketTagging answers NoSuchTagSet. */
  tags: Record<string, string>;
  versioning: 'Enabled' | 'Suspended' | null;
  objectLock: { mode: 'COMPLIANCE' | 'GOVERNANCE'; years: number } | 'enabled-no-default' | null;
  /** API actions (`GetBucketEncryption`, …) this bucket's policy denies the auditor: they answer AccessDenied. */
  deny: string[];
}

export interface S3State {
  /** Null: NoSuchPublicAccessBlockConfiguration. */
  accountPublicAccessBlock: SimPublicAccessBlock | null;
  buckets: SimBucket[];
  /** The bucket holding the organization's audit evidence, if this account has it. */
  evidenceBucket?: string;
}

export const ALL_BLOCKED: SimPublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

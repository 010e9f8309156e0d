export interface SimPublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

/** One bucket in the simulated world; `policyPublic` / `aclPublic` say what its policy and ACL grant, before any block. */
export interface SimBucket {
  name: string;
  region: string;
  creationDate: string;
  publicAccessBlock: SimPublicAccessBlock | null;
  /** Null: no bucket policy. */
  policy: { public: boolean } | null;
  /** Grants to the AllUsers group. */
  aclPublicRead: boolean;
  encryption: { algorithm: 'AES256' | 'aws:kms'; kmsKeyId?: string; bucketKey: boolean } | null;
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

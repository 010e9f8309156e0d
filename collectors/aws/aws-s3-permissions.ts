import type { Permission } from '../../src/model/collector.js';
import { awsAccountPermissions } from './aws-iam-permissions.js';

/** IAM actions (not API names: several differ) of the aws-s3 collector, all read-only. */
export const awsS3Permissions: readonly Permission[] = [
  {
    name: 's3:GetAccountPublicAccessBlock',
    why: "the account's public access block (S3 Control GetPublicAccessBlock)",
  },
  { name: 's3:ListAllMyBuckets', why: 'the buckets and their regions (ListBuckets)' },
  { name: 's3:GetBucketLocation', why: 'the region of a bucket ListBuckets did not give one for' },
  {
    name: 's3:GetBucketPublicAccessBlock',
    why: "each bucket's public access block (GetPublicAccessBlock), unless the account's blocks everything",
  },
  {
    name: 's3:GetBucketPolicyStatus',
    why: "whether each bucket's policy is public, unless RestrictPublicBuckets makes it moot",
  },
  {
    name: 's3:GetBucketPolicy',
    why: 'the bucket policy itself, judged only where GetBucketPolicyStatus does not say whether it is public',
  },
  { name: 's3:GetBucketTagging', why: 'bucket tags, to find the buckets tagged as sensitive' },
  { name: 's3:GetBucketAcl', why: 'public ACL grants, only for buckets where IgnorePublicAcls is off' },
  { name: 's3:GetEncryptionConfiguration', why: "each bucket's default encryption (GetBucketEncryption)" },
  {
    name: 'kms:DescribeKey',
    why: 'whether a default-encryption key named by id or ARN is customer-managed (once per key; aliases need no call)',
  },
  { name: 's3:GetBucketVersioning', why: "each bucket's versioning and MFA delete" },
  {
    name: 's3:GetBucketObjectLockConfiguration',
    why: "each bucket's Object Lock (GetObjectLockConfiguration), for the evidence bucket",
  },
  ...awsAccountPermissions,
];

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from './nag.js';
import { Construct } from 'constructs';

export interface EvidenceBucketProps {
  /** Object Lock default retention in compliance mode: nobody, root included, can delete a version before it ends. */
  retentionDays: number;
  /** Key prefix of the store inside the bucket ('' or ending in '/'). */
  prefix: string;
}

/** The run lock's key: the only object the store ever deletes (a delete marker; locked versions stay). */
export const RUN_LOCK_KEY = 'locks/run.json';

/**
 * The evidence store's bucket: Object Lock (compliance) with a default retention, versioning, Block Public Access,
 * SSE-KMS with a customer-managed key that rotates, TLS only, object deletion denied except the run lock, and server
 * access logs in a bucket of their own.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
export class EvidenceBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly logs: s3.Bucket;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'assay evidence store (SSE-KMS)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Server access logs cannot be delivered to an SSE-KMS bucket: SSE-S3 here.
    this.logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(Math.max(props.retentionDays, 400)) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.logs, ['AwsSolutions-S1'], 'The access-log bucket itself: logging it into itself would loop.');
    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.retentionDays)),
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const lockKey = `${props.prefix}${RUN_LOCK_KEY}`;
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyEvidenceDeletion',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutLifecycleConfiguration'],
        notResources: [this.bucket.arnForObjects(lockKey)],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyLockVersionDeletion',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:PutObjectRetention'],
        resources: [this.bucket.arnForObjects(lockKey)],
      }),
    );
  }

  /** Read and write the store's prefix only, delete (a marker) only the run lock, use the key for it. */
  grantStore(grantee: iam.IGrantable, prefix: string): void {
    const role = grantee.grantPrincipal;
    const statements = [
      new iam.PolicyStatement({
        sid: 'EvidenceReadWrite',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [this.bucket.arnForObjects(`${prefix}*`)],
      }),
      new iam.PolicyStatement({
        sid: 'EvidenceList',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
      new iam.PolicyStatement({
        sid: 'EvidenceLockSettings',
        actions: ['s3:GetBucketObjectLockConfiguration', 's3:GetBucketVersioning'],
        resources: [this.bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'EvidenceRunLockRelease',
        actions: ['s3:DeleteObject'],
        resources: [this.bucket.arnForObjects(`${prefix}${RUN_LOCK_KEY}`)],
      }),
      new iam.PolicyStatement({
        sid: 'EvidenceKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
      }),
    ];
    for (const s of statements) role.addToPrincipalPolicy(s);
  }
}

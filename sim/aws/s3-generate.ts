import type { Random } from '../random.js';
import type { LoggingWorld } from './cloudtrail-generate.js';
import { trailBucketName } from './cloudtrail-generate.js';
import { ALL_BLOCKED, type S3State, type SimBucket } from './s3-state.js';
import { awsS3KeyId, dataVaultKeyId } from './kms-generate.js';
import { kmsKeyArn } from './kms-state.js';

export const evidenceBucketName = (account: string) => `acme-assay-evidence-${account}`;

const days = (now: string, n: number) => new Date(Date.parse(now) - n * 86_400_000).toISOString();

function bucket(name: string, now: string, over: Partial<SimBucket> = {}): SimBucket {
  return {
    name,
    region: 'us-east-1',
    creationDate: days(now, 400),
    publicAccessBlock: ALL_BLOCKED,
    policy: null,
    aclPublicRead: false,
    encryption: { algorithm: 'aws:kms', kmsKeyId: 'alias/aws/s3', bucketKey: true },
    versioning: 'Enabled',
    objectLock: null,
    deny: [],
    tags: {},
    ...over,
  };
}

const FILLER = [
  'raw-data',
  'feature-store',
  'model-artifacts',
  'athena-results',
  'backups',
  'terraform-state',
  'notebooks',
  'eval-sets',
];

const SSE_S3 = { algorithm: 'AES256', bucketKey: false } as const;
const kms = (kmsKeyId: string) => ({ algorithm: 'aws:kms', kmsKeyId, bucketKey: true }) as const;

/**
 * Buckets per account, with the trail buckets cloudtrail-generate names. Planted: the management account has no
 * account block, a public trail bucket (policy), a public website bucket (ACL) and an evidence bucket whose Object
 * Lock is only GOVERNANCE; ml-research's account block leaves policies open, one bucket is public by policy and one
 * only its policy document shows public (the policy status omits IsPublic). Prod blocks everything at account level,
 * so its public-policy bucket is not public. Sensitive buckets (tagged) on SSE-S3 or an AWS managed key are planted
 * in prod and ml-research; the management account's use customer-managed keys.
 */
export function generateS3(rng: Random, w: LoggingWorld, fillerBuckets = 4): S3State {
  const { id, now } = w;
  const filler = Array.from({ length: fillerBuckets }, (_, i) =>
    bucket(`acme-${FILLER[i % FILLER.length]}-${id}${i >= FILLER.length ? `-${i}` : ''}`, now, {
      region: rng.chance(0.4) ? 'eu-west-1' : 'us-east-1',
      creationDate: days(now, rng.between(10, 900)),
    }),
  );
  if (w.index === 0) {
    return {
      accountPublicAccessBlock: null,
      evidenceBucket: evidenceBucketName(id),
      buckets: [
        bucket(trailBucketName('management', id), now, { policy: { public: false } }),
        bucket(trailBucketName('legacy', id), now, {
          region: 'eu-west-1',
          publicAccessBlock: null,
          policy: { public: true },
          encryption: { algorithm: 'AES256', bucketKey: false },
        }),
        bucket(`acme-public-site-${id}`, now, { publicAccessBlock: null, aclPublicRead: true }),
        // Object Lock on, but in GOVERNANCE mode: bypassable, so still a violation.
        bucket(evidenceBucketName(id), now, { versioning: 'Enabled', objectLock: { mode: 'GOVERNANCE', years: 1 } }),
        bucket(`acme-old-exports-${id}`, now, { encryption: SSE_S3, versioning: null }),
        // Sensitive and on customer-managed keys: by key ARN (DescribeKey tells) and by customer alias.
        bucket(`acme-training-data-${id}`, now, {
          tags: { purpose: 'training-data', team: 'ml' },
          encryption: kms(kmsKeyArn(id, { id: dataVaultKeyId('us-east-1'), region: 'us-east-1' })),
        }),
        // Its policy status omits IsPublic; the document pins the wildcard grant to a VPC endpoint: private.
        bucket(`acme-partner-share-${id}`, now, {
          region: 'eu-west-1',
          publicAccessBlock: null,
          policy: { public: false, statusOmitsIsPublic: true },
          tags: { 'data-classification': 'confidential' },
          encryption: kms('alias/data-vault'),
        }),
        ...filler,
      ],
    };
  }
  if (w.index === 1) {
    return {
      accountPublicAccessBlock: ALL_BLOCKED,
      buckets: [
        bucket(trailBucketName('prod', id), now, { region: 'eu-west-1' }),
        bucket(`acme-prod-assets-${id}`, now, {
          publicAccessBlock: null,
          policy: { public: true },
          aclPublicRead: true,
        }),
        // Training data on the AWS managed aws/s3 key, named by its key ARN: only DescribeKey tells.
        bucket(`acme-prod-models-${id}`, now, {
          region: 'eu-west-1',
          objectLock: { mode: 'GOVERNANCE', years: 1 },
          tags: { purpose: 'training-data' },
          encryption: kms(kmsKeyArn(id, { id: awsS3KeyId('eu-west-1'), region: 'eu-west-1' })),
        }),
        bucket(`acme-prod-customer-exports-${id}`, now, {
          tags: { 'data-classification': 'Confidential' },
          encryption: kms('alias/aws/s3'),
        }),
        ...filler,
      ],
    };
  }
  if (w.index === 2) {
    return {
      accountPublicAccessBlock: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
      buckets: [
        bucket(`acme-ml-datasets-${id}`, now, {
          publicAccessBlock: { ...ALL_BLOCKED, BlockPublicPolicy: false },
          policy: { public: true },
          tags: { 'data-classification': 'restricted' },
          encryption: SSE_S3,
        }),
        bucket(`acme-ml-share-${id}`, now, { publicAccessBlock: null, aclPublicRead: true }),
        // Public by its policy, but the policy status omits IsPublic: only the document shows it.
        bucket(`acme-ml-exports-${id}`, now, {
          region: 'eu-west-1',
          publicAccessBlock: null,
          policy: { public: true, statusOmitsIsPublic: true },
        }),
        bucket(`acme-ml-scratch-${id}`, now, { encryption: SSE_S3 }),
        ...filler,
      ],
    };
  }
  return { accountPublicAccessBlock: ALL_BLOCKED, buckets: [bucket(trailBucketName('account', id), now), ...filler] };
}

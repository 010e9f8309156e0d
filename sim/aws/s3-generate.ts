import type { Random } from '../random.js';
import type { LoggingWorld } from './cloudtrail-generate.js';
import { trailBucketName } from './cloudtrail-generate.js';
import { ALL_BLOCKED, type S3State, type SimBucket } from './s3-state.js';

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

/**
 * Buckets per account, with the trail buckets cloudtrail-generate names. Planted: the management account has no
 * account block, a public trail bucket (policy), a public website bucket (ACL), an unencrypted bucket and an evidence
 * bucket whose Object Lock is only GOVERNANCE; ml-research's account block leaves policies open and one bucket is public by policy.
 * Prod blocks everything at account level, so its public-policy bucket is not public.
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
        bucket(`acme-old-exports-${id}`, now, { encryption: null, versioning: null }),
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
        bucket(`acme-prod-models-${id}`, now, { region: 'eu-west-1', objectLock: { mode: 'GOVERNANCE', years: 1 } }),
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
        }),
        bucket(`acme-ml-share-${id}`, now, { publicAccessBlock: null, aclPublicRead: true }),
        bucket(`acme-ml-exports-${id}`, now, {
          region: 'eu-west-1',
          publicAccessBlock: null,
          policy: { public: true },
        }),
        bucket(`acme-ml-scratch-${id}`, now, { encryption: null }),
        ...filler,
      ],
    };
  }
  return { accountPublicAccessBlock: ALL_BLOCKED, buckets: [bucket(trailBucketName('account', id), now), ...filler] };
}

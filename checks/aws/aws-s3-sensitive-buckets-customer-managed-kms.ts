import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeFailure, isFailed } from '../../src/model/datasets/aws-call-failure.js';
import { bucketKmsKey, type Bucket } from '../../src/model/datasets/aws-s3.js';

const DEFAULT_TAGS = { 'data-classification': ['confidential', 'restricted'], purpose: ['training-data'] };

/** `data-classification: confidential|restricted; purpose: training-data`. */
const describeTags = (tags: Record<string, string[]>) =>
  Object.entries(tags)
    .map(([k, vs]) => `${k}: ${vs.join('|')}`)
    .join('; ');

/** The tag that makes the bucket sensitive (keys match exactly, values case-insensitively), if any. */
function sensitiveTag(tags: Record<string, string>, wanted: Record<string, string[]>): string | undefined {
  for (const [key, values] of Object.entries(wanted)) {
    const v = tags[key];
    if (v !== undefined && values.some((w) => w.toLowerCase() === v.toLowerCase())) return `${key}: ${v}`;
  }
  return undefined;
}

/**
 * Since January 2023 S3 encrypts every bucket with SSE-S3 by default, so "has default encryption" always holds; what
 * still separates data is who controls the key. https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
export default defineCheck({
  id: 'aws-s3-sensitive-buckets-customer-managed-kms',
  title: 'Every S3 bucket tagged as sensitive encrypts by default with a customer-managed KMS key',
  severity: 'high',
  rationale:
    'Every S3 bucket is encrypted at rest (SSE-S3 has been the default since January 2023), so encryption alone protects nothing from anyone with S3 read access. A customer-managed KMS key adds a second, separately granted permission (kms:Decrypt under a key policy the security team owns), logs every use in CloudTrail, and can be disabled to cut off access at once; the AWS managed aws/s3 key has a policy nobody can change and admits every principal of the account that can read the bucket. Confidential data and AI training data deserve that second lock.',
  remediation:
    'Create a customer-managed KMS key with a key policy limited to the readers of the data, then `aws s3api put-bucket-encryption --bucket <b> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key ARN>"},"BucketKeyEnabled":true}]}\'`; re-encrypt existing objects (S3 Batch Operations copy).',
  requires: ['aws-s3.buckets'],
  controls: ['iso27001:8.24', 'iso27001:5.12', 'iso42001:A.7.2'],
  params: z
    .object({
      /** Tag keys and the values that mark a bucket as sensitive (values compared case-insensitively). */
      sensitiveTags: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default(DEFAULT_TAGS),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const wanted = params.sensitiveTags;
    const buckets = [...data['aws-s3.buckets']].sort((a, b) => a.Name.localeCompare(b.Name));
    const results: CheckResult[] = [];
    const good: string[] = [];
    for (const b of buckets) {
      const resource = { type: 'aws-s3-bucket', id: b.Name };
      if (isFailed(b.tags)) {
        results.push({
          status: 'error',
          resource,
          message: `Could not tell whether bucket ${b.Name} is tagged as sensitive: ${describeFailure(b.tags.failed)}.`,
          observed: { failed: b.tags.failed },
        });
        continue;
      }
      const tag = sensitiveTag(b.tags, wanted);
      if (tag) judge(b, tag, results, good);
    }
    if (results.length > 0) return results;
    const resource = scopeResource(scope, 'aws-account');
    if (good.length === 0)
      return [
        {
          status: 'not_applicable',
          resource,
          message: `None of the ${buckets.length} buckets of account ${scope.id} is tagged as sensitive (${describeTags(wanted)}).`,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `All ${good.length} buckets of account ${scope.id} tagged as sensitive (${good.join(', ')}) encrypt with a customer-managed KMS key.`,
        observed: { buckets: good, sensitiveTags: wanted },
      },
    ];
  },
});

function judge(b: Bucket, tag: string, results: CheckResult[], good: string[]): void {
  const resource = { type: 'aws-s3-bucket', id: b.Name };
  const k = bucketKmsKey(b);
  const desc = `${b.Name} (${b.BucketRegion}, tagged ${tag})`;
  switch (k.kind) {
    case 'unknown':
      results.push({
        status: 'error',
        resource,
        message: `Could not tell which key encrypts bucket ${desc}: ${describeFailure(k.failure)}.`,
        observed: { tag, failed: k.failure },
      });
      return;
    case 'customer':
      good.push(b.Name);
      return;
    case 'none':
      results.push({
        status: 'fail',
        resource,
        message: `Bucket ${desc} has no default encryption configuration, so it is not encrypted with a customer-managed KMS key.`,
        observed: { tag, encryption: null },
      });
      return;
    case 'sse-s3':
      results.push({
        status: 'fail',
        resource,
        message: `Bucket ${desc} encrypts with S3-managed keys (${k.algorithm}), not a customer-managed KMS key.`,
        observed: { tag, SSEAlgorithm: k.algorithm },
      });
      return;
    case 'aws-managed':
      results.push({
        status: 'fail',
        resource,
        message: `Bucket ${desc} encrypts with the AWS managed key ${k.key} (${k.source}), not a customer-managed KMS key.`,
        observed: { tag, KMSMasterKeyID: k.key, decidedBy: k.source },
      });
  }
}

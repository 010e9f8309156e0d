import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeFailure, isFailed } from '../../src/model/datasets/aws-call-failure.js';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html */
export default defineCheck({
  id: 'aws-s3-default-encryption',
  title: 'Every S3 bucket has default encryption configured',
  severity: 'medium',
  rationale:
    'Default encryption makes every new object encrypted at rest without relying on each uploader; a bucket without it can hold plaintext objects written by older clients.',
  remediation:
    '`aws s3api put-bucket-encryption --bucket <b> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},"BucketKeyEnabled":true}]}\'` (or AES256).',
  requires: ['aws-s3.buckets'],
  controls: ['iso27001:8.24'],
  evaluate(data, { scope }) {
    const buckets = [...data['aws-s3.buckets']].sort((a, b) => a.Name.localeCompare(b.Name));
    const results: CheckResult[] = [];
    for (const b of buckets) {
      const resource = { type: 'aws-s3-bucket', id: b.Name };
      if (isFailed(b.encryption)) {
        results.push({
          status: 'error',
          resource,
          message: `Could not read the default encryption of bucket ${b.Name}: ${describeFailure(b.encryption.failed)}.`,
          observed: { failed: b.encryption.failed },
        });
      } else if (!b.encryption || b.encryption.length === 0) {
        results.push({
          status: 'fail',
          resource,
          message: `Bucket ${b.Name} (${b.BucketRegion}) has no default encryption configured.`,
          observed: { encryption: null, region: b.BucketRegion },
        });
      }
    }
    if (results.length > 0) return results;
    const kms = buckets.filter(
      (b) => !isFailed(b.encryption) && b.encryption?.some((r) => r.SSEAlgorithm.startsWith('aws:kms')),
    ).length;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `All ${buckets.length} buckets of account ${scope.id} have default encryption (${kms} with KMS).`,
        observed: { buckets: buckets.length, kms },
      },
    ];
  },
});

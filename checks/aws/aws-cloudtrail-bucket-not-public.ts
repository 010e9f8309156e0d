import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeFailure, isFailed, type CallFailure } from '../../src/model/datasets/aws-call-failure.js';
import { arnAccount, type Trail } from '../../src/model/datasets/aws-cloudtrail.js';
import { bucketExposure } from '../../src/model/datasets/aws-s3.js';

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html */
export default defineCheck({
  id: 'aws-cloudtrail-bucket-not-public',
  title: 'The S3 buckets receiving CloudTrail logs are not public',
  severity: 'critical',
  rationale:
    'CloudTrail logs map the whole account (principals, resources, IP addresses, errors); a public log bucket hands that map to anyone, and a publicly writable one lets evidence be altered.',
  remediation:
    'Remove the public statements from the bucket policy and the AllUsers/AuthenticatedUsers ACL grants, and turn on the S3 public access block for the bucket and the account.',
  requires: ['aws-cloudtrail.trails', 'aws-s3.accountPublicAccessBlock', 'aws-s3.buckets'],
  controls: ['iso27001:8.15', 'iso27001:8.3'],
  evaluate(data, { scope }) {
    const buckets = new Map(data['aws-s3.buckets'].map((b) => [b.Name, b]));
    const account = data['aws-s3.accountPublicAccessBlock'];
    const byBucket = new Map<string, Trail[]>();
    for (const t of data['aws-cloudtrail.trails']) {
      if (arnAccount(t.TrailARN) !== scope.id || !t.S3BucketName) continue;
      byBucket.set(t.S3BucketName, [...(byBucket.get(t.S3BucketName) ?? []), t]);
    }
    const resource = scopeResource(scope, 'aws-account');
    if (byBucket.size === 0)
      return [
        {
          status: 'not_applicable',
          resource,
          message: `Account ${scope.id} owns no CloudTrail trail that delivers to S3.`,
        },
      ];
    const results: CheckResult[] = [];
    const elsewhere: string[] = [];
    const checked: string[] = [];
    for (const [name, owners] of [...byBucket].sort(([a], [b]) => a.localeCompare(b))) {
      const trails = owners.map((t) => t.Name);
      const bucket = buckets.get(name);
      const bucketResource = { type: 'aws-s3-bucket', id: name };
      if (!bucket) {
        // A central log bucket in another account is judged there, by aws-s3-buckets-not-public; unless the trail
        // cannot deliver to it (NoSuchBucket, AccessDenied): then it may be gone, and its name free for anyone to claim.
        const failing = owners.find((t) => !isFailed(t.status) && t.status.LatestDeliveryError);
        const unknown = owners.map((t) => t.status).find((s): s is { failed: CallFailure } => isFailed(s));
        if (failing && !isFailed(failing.status)) {
          const error = failing.status.LatestDeliveryError!;
          results.push({
            status: 'fail',
            resource: bucketResource,
            message: `Bucket ${name}, which should receive the logs of trail ${trails.join(', ')}, is not in account ${scope.id} and the trail reports delivery error ${error}: the bucket is gone or unreachable, and anyone who creates a bucket of that name could receive the logs.`,
            observed: {
              trails,
              LatestDeliveryError: error,
              LatestDeliveryTime: failing.status.LatestDeliveryTime ?? null,
            },
          });
        } else if (unknown) {
          results.push({
            status: 'error',
            resource: bucketResource,
            message: `Could not tell whether log bucket ${name} exists elsewhere or is gone: ${describeFailure(unknown.failed)}.`,
            observed: { trails, unknown: [unknown.failed] },
          });
        } else elsewhere.push(name);
        continue;
      }
      checked.push(name);
      const exposure = bucketExposure(bucket, account);
      if (exposure.public) {
        results.push({
          status: 'fail',
          resource: bucketResource,
          message: `Bucket ${name}, which receives the logs of trail ${trails.join(', ')}, is public through its ${exposure.via.join(' and ')} (${exposure.evidence.join('; ')}).`,
          observed: { trails, via: exposure.via, decidedBy: exposure.evidence, region: bucket.BucketRegion },
        });
      } else if (exposure.unknown.length > 0) {
        results.push({
          status: 'error',
          resource: bucketResource,
          message: `Could not tell whether log bucket ${name} is public: ${describeFailure(exposure.unknown[0]!)}.`,
          observed: { trails, unknown: exposure.unknown },
        });
      }
    }
    if (results.length > 0) return results;
    if (checked.length === 0) {
      return [
        {
          status: 'not_applicable',
          resource,
          message: `The log buckets of the trails of account ${scope.id} (${elsewhere.join(', ')}) are in other accounts.`,
          observed: { bucketsElsewhere: elsewhere },
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `No CloudTrail log bucket of account ${scope.id} is public (${checked.join(', ')}).`,
        observed: { buckets: checked, bucketsElsewhere: elsewhere },
      },
    ];
  },
});

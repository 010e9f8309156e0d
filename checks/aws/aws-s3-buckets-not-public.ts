import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeFailure } from '../../src/model/datasets/aws-call-failure.js';
import { bucketExposure } from '../../src/model/datasets/aws-s3.js';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status */
export default defineCheck({
  id: 'aws-s3-buckets-not-public',
  title: 'No S3 bucket is public through its policy or ACL',
  severity: 'critical',
  rationale:
    'A public bucket is readable (or writable) by anyone on the internet; training data, model artefacts and exports leaked this way are among the most common cloud breaches.',
  remediation:
    "Remove the public statements from the bucket policy and the AllUsers/AuthenticatedUsers grants from the ACL, then turn on the bucket's (and the account's) public access block; serve intended public content through CloudFront with origin access control.",
  requires: ['aws-s3.buckets', 'aws-s3.accountPublicAccessBlock'],
  controls: ['iso27001:8.3', 'iso27001:5.15', 'iso27001:8.12'],
  params: z
    .object({
      /** Buckets meant to be public (a static website); they are reported in the pass, not failed. */
      allowedPublicBuckets: z.array(z.string().min(3)).default([]),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const account = data['aws-s3.accountPublicAccessBlock'];
    const allowed = new Set(params.allowedPublicBuckets);
    const buckets = [...data['aws-s3.buckets']].sort((a, b) => a.Name.localeCompare(b.Name));
    const results: CheckResult[] = [];
    const allowedPublic: string[] = [];
    for (const b of buckets) {
      const exposure = bucketExposure(b, account);
      const resource = { type: 'aws-s3-bucket', id: b.Name };
      if (exposure.public && allowed.has(b.Name)) allowedPublic.push(b.Name);
      else if (exposure.public) {
        results.push({
          status: 'fail',
          resource,
          message: `Bucket ${b.Name} (${b.BucketRegion}) is public through its ${exposure.via.join(' and ')} (${exposure.evidence.join('; ')}).`,
          observed: {
            via: exposure.via,
            region: b.BucketRegion,
            acl: b.acl ?? null,
            policyStatus: b.policyStatus ?? null,
            ...(b.policy ? { policy: b.policy } : {}),
            decidedBy: exposure.evidence,
          },
        });
      } else if (exposure.unknown.length > 0) {
        results.push({
          status: 'error',
          resource,
          message: `Could not tell whether bucket ${b.Name} is public: ${describeFailure(exposure.unknown[0]!)}.`,
          observed: { unknown: exposure.unknown },
        });
      }
    }
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `None of the ${buckets.length} buckets of account ${scope.id} is public${allowedPublic.length ? ` apart from the allowed ${allowedPublic.join(', ')}` : ''}.`,
        observed: { buckets: buckets.length, allowedPublic, accountBlock: account },
      },
    ];
  },
});

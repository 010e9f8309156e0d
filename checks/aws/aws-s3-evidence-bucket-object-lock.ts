import { z } from 'zod';
import { defineCheck, scopeResource } from '../../src/model/check.js';
import { describeFailure, isFailed } from '../../src/model/datasets/aws-call-failure.js';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html */
export default defineCheck({
  id: 'aws-s3-evidence-bucket-object-lock',
  title: 'The evidence bucket has S3 Object Lock with a default COMPLIANCE retention',
  severity: 'high',
  rationale:
    'Evidence is only worth something if nobody, administrators included, can quietly rewrite or delete it; Object Lock makes stored versions immutable for their retention period (WORM).',
  remediation:
    'Object Lock can be enabled on an existing versioned bucket (`aws s3api put-object-lock-configuration --bucket <b> --object-lock-configuration \'{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Years":1}}}\'`); or create a new bucket with it and move the evidence.',
  requires: ['aws-s3.buckets'],
  controls: ['iso27001:5.33', 'iso27001:5.28', 'iso27001:8.15'],
  params: z
    .object({
      /** Name of the bucket holding assay's (or other) audit evidence; unset: the check is not applicable. */
      evidenceBucket: z.string().min(3).optional(),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const resource = scopeResource(scope, 'aws-account');
    const name = params.evidenceBucket;
    if (!name)
      return [
        {
          status: 'not_applicable',
          resource,
          message: 'No evidence bucket is named (checks.aws-s3-evidence-bucket-object-lock.evidenceBucket).',
        },
      ];
    const bucket = data['aws-s3.buckets'].find((b) => b.Name === name);
    if (!bucket)
      return [
        { status: 'not_applicable', resource, message: `Evidence bucket ${name} is not in account ${scope.id}.` },
      ];
    const bucketResource = { type: 'aws-s3-bucket', id: name };
    const lock = bucket.objectLock;
    if (isFailed(lock))
      return [
        {
          status: 'error',
          resource: bucketResource,
          message: `Could not read the Object Lock configuration of evidence bucket ${name}: ${describeFailure(lock.failed)}.`,
        },
      ];
    const versioning = isFailed(bucket.versioning) ? null : (bucket.versioning.Status ?? 'Never enabled');
    const observed = {
      ObjectLockEnabled: lock?.ObjectLockEnabled ?? null,
      DefaultRetention: lock?.DefaultRetention ?? null,
      versioning,
    };
    if (lock?.ObjectLockEnabled !== 'Enabled') {
      return [
        {
          status: 'fail',
          resource: bucketResource,
          message: `Evidence bucket ${name} does not have Object Lock enabled, so its evidence can be overwritten or deleted.`,
          observed,
        },
      ];
    }
    // Only COMPLIANCE retention binds everyone; GOVERNANCE yields to s3:BypassGovernanceRetention, and without a
    // default retention an object is only locked if its writer asked. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes
    const retention = lock.DefaultRetention;
    const period = retention?.Years ? `${retention.Years} years` : `${retention?.Days ?? 0} days`;
    if (!retention?.Mode) {
      return [
        {
          status: 'fail',
          resource: bucketResource,
          message: `Evidence bucket ${name} has Object Lock enabled but no default retention, so objects written without their own retention can be overwritten or deleted.`,
          observed,
        },
      ];
    }
    if (retention.Mode !== 'COMPLIANCE') {
      return [
        {
          status: 'fail',
          resource: bucketResource,
          message: `Evidence bucket ${name} has Object Lock with default ${retention.Mode} retention of ${period}, which anyone allowed s3:BypassGovernanceRetention can bypass to overwrite or delete evidence; COMPLIANCE mode is required.`,
          observed,
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource: bucketResource,
        message: `Evidence bucket ${name} has Object Lock enabled with default COMPLIANCE retention of ${period}.`,
        observed,
      },
    ];
  },
});

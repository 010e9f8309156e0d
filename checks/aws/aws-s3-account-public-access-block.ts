import { defineCheck, scopeResource } from '../../src/model/check.js';
import { PUBLIC_ACCESS_BLOCK_FLAGS } from '../../src/model/datasets/aws-s3.js';

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html */
export default defineCheck({
  id: 'aws-s3-account-public-access-block',
  title: 'The S3 public access block is on for the whole account',
  severity: 'high',
  rationale:
    'The account-level block overrides every bucket policy and ACL, so one mistaken policy in any bucket, existing or future, cannot publish data; it is the one setting that makes "no public buckets" hold by construction.',
  remediation:
    'S3 console → Block Public Access settings for this account → turn on all four; or `aws s3control put-public-access-block --account-id <id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.',
  requires: ['aws-s3.accountPublicAccessBlock'],
  controls: ['iso27001:8.9', 'iso27001:8.3'],
  evaluate(data, { scope }) {
    const block = data['aws-s3.accountPublicAccessBlock'];
    const resource = scopeResource(scope, 'aws-account');
    if (!block) {
      return [
        {
          status: 'fail',
          resource,
          message: `Account ${scope.id} has no S3 public access block configured.`,
          observed: { configured: false },
        },
      ];
    }
    const off = PUBLIC_ACCESS_BLOCK_FLAGS.filter((f) => !block[f]);
    if (off.length > 0) {
      return [
        {
          status: 'fail',
          resource,
          message: `The S3 public access block of account ${scope.id} leaves ${off.join(', ')} off.`,
          observed: { configured: true, ...block },
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `All four S3 public access block settings are on for account ${scope.id}.`,
        observed: { configured: true, ...block },
      },
    ];
  },
});

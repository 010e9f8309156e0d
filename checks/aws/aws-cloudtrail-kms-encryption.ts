import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { arnAccount } from '../../src/model/datasets/aws-cloudtrail.js';

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html */
export default defineCheck({
  id: 'aws-cloudtrail-kms-encryption',
  title: 'Every CloudTrail trail of the account encrypts its logs with a KMS key',
  severity: 'medium',
  rationale:
    'With SSE-KMS, reading the logs needs decrypt permission on a key the security team controls and every use of the key is itself logged; with the default SSE-S3 anyone who can read the bucket can read the logs.',
  remediation:
    'Create a KMS key whose policy lets CloudTrail encrypt, then `aws cloudtrail update-trail --name <trail> --kms-key-id <key>`.',
  requires: ['aws-cloudtrail.trails'],
  controls: ['iso27001:8.24', 'iso27001:8.15'],
  evaluate(data, { scope }) {
    const own = data['aws-cloudtrail.trails'].filter((t) => arnAccount(t.TrailARN) === scope.id);
    const resource = scopeResource(scope, 'aws-account');
    if (own.length === 0)
      return [{ status: 'not_applicable', resource, message: `Account ${scope.id} owns no CloudTrail trail.` }];
    const results: CheckResult[] = own
      .filter((t) => !t.KmsKeyId)
      .map((t) => ({
        status: 'fail',
        resource: { type: 'aws-cloudtrail-trail', id: t.TrailARN, name: t.Name },
        message: `Trail ${t.Name} (home region ${t.HomeRegion}) does not encrypt its log files with a KMS key.`,
        observed: { KmsKeyId: null, S3BucketName: t.S3BucketName ?? null },
      }));
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource,
        message: `Every trail of account ${scope.id} encrypts its logs with a KMS key (${own.length} checked).`,
        observed: { trails: own.map((t) => ({ arn: t.TrailARN, KmsKeyId: t.KmsKeyId })) },
      },
    ];
  },
});

import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { arnAccount } from '../../src/model/datasets/aws-cloudtrail.js';

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html */
export default defineCheck({
  id: 'aws-cloudtrail-log-file-validation',
  title: 'Every CloudTrail trail of the account has log file validation on',
  severity: 'medium',
  rationale:
    'With validation on, CloudTrail delivers signed digest files, so anyone can later prove that a log file was not changed or deleted: the logs can serve as evidence.',
  remediation: 'Turn it on per trail: `aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.',
  requires: ['aws-cloudtrail.trails'],
  controls: ['iso27001:8.15', 'iso27001:5.28'],
  evaluate(data, { scope }) {
    // Trails of another account (an organization trail seen from a member) are judged in their own account.
    const own = data['aws-cloudtrail.trails'].filter((t) => arnAccount(t.TrailARN) === scope.id);
    const resource = scopeResource(scope, 'aws-account');
    if (own.length === 0)
      return [{ status: 'not_applicable', resource, message: `Account ${scope.id} owns no CloudTrail trail.` }];
    const results: CheckResult[] = own
      .filter((t) => !t.LogFileValidationEnabled)
      .map((t) => ({
        status: 'fail',
        resource: { type: 'aws-cloudtrail-trail', id: t.TrailARN, name: t.Name },
        message: `Trail ${t.Name} (home region ${t.HomeRegion}) does not have log file validation on.`,
        observed: { LogFileValidationEnabled: false, HomeRegion: t.HomeRegion },
      }));
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource,
        message: `Every trail of account ${scope.id} has log file validation on (${own.length} checked).`,
        observed: { trails: own.map((t) => t.TrailARN) },
      },
    ];
  },
});

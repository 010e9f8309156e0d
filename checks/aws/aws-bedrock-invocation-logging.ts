import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeFailure, isFailed } from '../../src/model/datasets/aws-call-failure.js';
import { invocationLoggingGaps } from '../../src/model/datasets/aws-bedrock.js';

/** https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html */
export default defineCheck({
  id: 'aws-bedrock-invocation-logging',
  title: 'Bedrock model invocation logging is on in every region where Bedrock is used',
  severity: 'medium',
  rationale:
    'CloudTrail records that a model was invoked, not with what input or output; invocation logs are the event record of the AI system itself, needed to investigate misuse, prompt injection or data leakage through a model.',
  remediation:
    'Bedrock console → Settings → Model invocation logging, per region: choose an S3 bucket and/or CloudWatch Logs group and the data types to deliver (PutModelInvocationLoggingConfiguration).',
  requires: ['aws-bedrock.invocationLogging', 'aws-bedrock.regionsNotRead', 'aws-cloudtrail.bedrockActivity'],
  controls: ['iso42001:A.6.2.8', 'iso27001:8.15'],
  evaluate(data, { scope }) {
    const activity = new Map(data['aws-cloudtrail.bedrockActivity'].map((a) => [a.region, a]));
    const read = data['aws-bedrock.invocationLogging'].map((r) => r.region);
    const notRead = data['aws-bedrock.regionsNotRead'];
    const unread = notRead.length
      ? `; not read: ${notRead.join(', ')}, enabled but left out by sources.aws.regions`
      : '';
    const results: CheckResult[] = [];
    const covered: string[] = [];
    for (const r of data['aws-bedrock.invocationLogging']) {
      const used = activity.get(r.region);
      // Usage not ruled out (no lookup for the region, or the page limit was hit) counts as use: never a silent pass.
      const inUse = !used || used.lastInvocation !== null || !used.searchedAll;
      const resource = { type: 'aws-region', id: r.region };
      if (!r.available && used?.lastInvocation) {
        // CloudTrail saw inference where the logging endpoint was unreachable: the two sources disagree, so nothing is known.
        results.push({
          status: 'error',
          resource,
          message: `CloudTrail shows Bedrock invoked in ${r.region} (last ${used.lastInvocation.eventTime}, ${used.lastInvocation.eventName}) but its invocation logging endpoint could not be reached, so whether invocations are logged is unknown.`,
          observed: { available: false, lastInvocation: used.lastInvocation },
        });
        continue;
      }
      if (!r.available || !inUse) continue;
      const usage = used?.lastInvocation
        ? `last invoked ${used.lastInvocation.eventTime} (${used.lastInvocation.eventName})`
        : 'use could not be ruled out';
      if (isFailed(r.loggingConfig)) {
        results.push({
          status: 'error',
          resource,
          message: `Could not read Bedrock invocation logging in ${r.region}: ${describeFailure(r.loggingConfig.failed)}.`,
          observed: { failed: r.loggingConfig.failed },
        });
        continue;
      }
      const gaps = invocationLoggingGaps(r.loggingConfig);
      if (gaps.length > 0) {
        results.push({
          status: 'fail',
          resource,
          message: `Bedrock is used in ${r.region} (${usage}) but model invocations are not logged: ${gaps.join('; ')}.`,
          observed: { loggingConfig: r.loggingConfig, lastInvocation: used?.lastInvocation ?? null, gaps },
        });
      } else covered.push(r.region);
    }
    if (results.length > 0) return results;
    const resource = scopeResource(scope, 'aws-account');
    if (covered.length === 0) {
      return [
        {
          status: 'not_applicable',
          resource,
          message: `Bedrock was not invoked in account ${scope.id} in the last 90 days in the regions read (${read.join(', ')}${unread}).`,
          observed: { regionsRead: read, regionsNotRead: notRead },
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `Bedrock model invocations are logged in every region where account ${scope.id} uses Bedrock (${covered.join(', ')}; regions read: ${read.join(', ')}${unread}).`,
        observed: { regions: covered, regionsRead: read, regionsNotRead: notRead },
      },
    ];
  },
});

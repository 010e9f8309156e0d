import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { ROOT_USER } from '../../src/model/datasets/aws-iam.js';
import { daysSince, rootResource } from '../../src/model/datasets/aws-iam-grants.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html (only a few tasks need the root user) */
export default defineCheck({
  id: 'aws-iam-root-not-used-recently',
  title: 'The AWS root user has not been used recently',
  severity: 'high',
  rationale:
    'Day-to-day work as root bypasses every IAM policy and leaves no named person in the logs; the few tasks that need root are rare, so recent use deserves a look.',
  remediation:
    'Find out who signed in as root and why (CloudTrail ConsoleLogin events with userIdentity.type Root); move that work to IAM roles and keep the root credentials locked away.',
  requires: ['aws-iam.credentialReport'],
  controls: ['iso27001:8.2', 'iso27001:5.15'],
  params: z
    .object({
      /** Root use within this many days fails. */
      days: z.number().int().positive().default(30),
    })
    .strict(),
  evaluate(data, { scope, now, params }) {
    const report = data['aws-iam.credentialReport'];
    const resource = rootResource(scope.id);
    const root = report.rows.find((r) => r.user === ROOT_USER);
    if (!root)
      return [
        { status: 'error', resource, message: `The credential report of account ${scope.id} has no root user row.` },
      ];
    const uses = [
      { how: 'password', at: root.password_last_used },
      { how: 'access key 1', at: root.access_key_1_last_used_date },
      { how: 'access key 2', at: root.access_key_2_last_used_date },
    ].filter((u): u is { how: string; at: string } => u.at !== null);
    const last = uses.sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
    const observed = {
      lastUsed: last?.at ?? null,
      via: last?.how ?? null,
      days: params.days,
      reportGeneratedTime: report.generatedTime,
    };
    if (last && daysSince(last.at, now) < params.days) {
      return [
        {
          status: 'fail',
          resource,
          message: `The root user of account ${scope.id} was used ${daysSince(last.at, now)} days ago (${last.how}).`,
          observed,
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: last
          ? `The root user of account ${scope.id} was last used ${daysSince(last.at, now)} days ago.`
          : `The root user of account ${scope.id} has no recorded use.`,
        observed,
      },
    ];
  },
});

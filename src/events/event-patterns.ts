import {
  ASSUME_ROLE_EVENTS,
  LOGIN_EVENTS,
  MFA_EVENTS,
  POLICY_EVENTS,
  TRAIL_EVENTS,
} from '../../collectors/aws/aws-cloudtrail-events.js';

export interface EventRulePattern {
  name: string;
  description: string;
  pattern: Record<string, unknown>;
}

const API_CALL = 'AWS API Call via CloudTrail';

/** A role name (with its path) in any account, as an EventBridge wildcard; an ARN as itself. */
const roleMatcher = (r: string): unknown =>
  r.startsWith('arn:') ? r : { wildcard: `arn:aws*:iam::*:role/${r.replace(/^\//, '')}` };

/**
 * The EventBridge rule patterns for the event path: the same event names the scheduled CloudTrail collector reads.
 * IAM, STS's global endpoint and console sign-ins of the root user deliver to EventBridge in us-east-1 only, so the
 * rules belong there (and in each region whose regional events matter).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export function eventPatterns(breakGlassRoles: readonly string[]): EventRulePattern[] {
  return [
    {
      name: 'assay-iam-changes',
      description: 'Administrator grants and MFA devices removed (IAM)',
      pattern: {
        source: ['aws.iam'],
        'detail-type': [API_CALL],
        detail: { eventSource: ['iam.amazonaws.com'], eventName: [...POLICY_EVENTS, ...MFA_EVENTS] },
      },
    },
    {
      name: 'assay-cloudtrail-tampering',
      description: 'Logging stopped, deleted or narrowed (CloudTrail)',
      pattern: {
        source: ['aws.cloudtrail'],
        'detail-type': [API_CALL],
        detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: TRAIL_EVENTS },
      },
    },
    {
      name: 'assay-console-sign-in',
      description: 'Console sign-ins (root, without MFA)',
      pattern: {
        source: ['aws.signin'],
        'detail-type': ['AWS Console Sign In via CloudTrail'],
        detail: { eventName: LOGIN_EVENTS },
      },
    },
    ...(breakGlassRoles.length
      ? [
          {
            name: 'assay-break-glass',
            description: 'A break-glass role assumed (STS)',
            pattern: {
              source: ['aws.sts'],
              'detail-type': [API_CALL],
              detail: {
                eventSource: ['sts.amazonaws.com'],
                eventName: ASSUME_ROLE_EVENTS,
                requestParameters: { roleArn: breakGlassRoles.map(roleMatcher) },
              },
            },
          },
        ]
      : []),
  ];
}

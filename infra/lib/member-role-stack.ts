import { CfnCondition, CfnParameter, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledge } from './nag.js';
import type { Construct } from 'constructs';
import { auditPolicy, eventRulePatterns } from './declared-permissions.js';

export interface MemberRoleStackProps extends StackProps {
  roleName: string;
  breakGlassRoles: readonly string[];
}

/**
 * What each member account gets through the StackSet: the read-only audit role, trusted only by the assay role of the
 * management (or audit) account and only with the external id, its policy built from the collectors' declared
 * actions; and rules forwarding the near-real-time path's CloudTrail events to the central event bus. Deployed per
 * region: the role only where `Fn::Equals(region, HomeRegion)`.
 */
export class MemberRoleStack extends Stack {
  constructor(scope: Construct, id: string, props: MemberRoleStackProps) {
    super(scope, id, props);
    const assayRoleArn = new CfnParameter(this, 'AssayRoleArn', {
      type: 'String',
      description: "ARN of the role the assay Lambda runs as (the management stack's AssayFunctionRoleArn output)",
      allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
    });
    const externalId = new CfnParameter(this, 'ExternalId', {
      type: 'String',
      noEcho: true,
      minLength: 16,
      description: 'Sent by assay as sts:ExternalId; the same value as the secret the config names',
    });
    const eventBusArn = new CfnParameter(this, 'EventBusArn', {
      type: 'String',
      description: 'The central event bus in the management account (EventBusArn output)',
    });
    const homeRegion = new CfnParameter(this, 'HomeRegion', {
      type: 'String',
      description: 'The one region of each account where the (global) IAM role is created',
    });
    const inHome = new CfnCondition(this, 'InHomeRegion', {
      expression: Fn.conditionEquals(Stack.of(this).region, homeRegion.valueAsString),
    });

    const audit = auditPolicy();
    const role = new iam.Role(this, 'AuditRole', {
      roleName: props.roleName,
      description: 'assay: read-only audit role (actions declared by its collectors)',
      assumedBy: new iam.ArnPrincipal(assayRoleArn.valueAsString),
      externalIds: [externalId.valueAsString],
      inlinePolicies: {
        AssayReadOnly: iam.PolicyDocument.fromJson({ Version: audit.Version, Statement: audit.Statement }),
      },
    });
    (role.node.defaultChild as iam.CfnRole).cfnOptions.condition = inHome;
    acknowledge(
      role,
      ['AwsSolutions-IAM5[Resource::*]'],
      'Read-only List/Get/Describe actions the collectors declare; they read every resource of the account.',
    );

    const forward = new iam.Role(this, 'ForwardRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'assay: forward CloudTrail events to the central event bus',
    });
    forward.addToPolicy(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [eventBusArn.valueAsString] }),
    );
    for (const p of eventRulePatterns(props.breakGlassRoles)) {
      new events.CfnRule(this, `Rule-${p.name}`, {
        description: `assay: ${p.description}`,
        eventPattern: p.pattern,
        targets: [{ id: 'central-bus', arn: eventBusArn.valueAsString, roleArn: forward.roleArn }],
      });
    }
  }
}

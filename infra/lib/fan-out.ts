import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from './nag.js';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface FanOutProps {
  fn: lambda.IFunction;
  /** Shards collected at once (each a Lambda invocation). */
  maxConcurrency: number;
  logRetention: logs.RetentionDays;
  /** The evidence store: the map reads the plan's items from it (`<prefix>runs/<runId>/map-items.json`). */
  evidence: { bucket: s3.IBucket; key: kms.IKey; prefix: string };
}

const retry = (task: tasks.LambdaInvoke): tasks.LambdaInvoke => {
  task.addRetry({
    errors: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'],
    interval: Duration.seconds(5),
    backoffRate: 2,
    maxAttempts: 3,
  });
  return task;
};

/**
 * The large-organization run: plan (a run id and its shards, stored under the run) → a Distributed Map that collects
 * each shard (one GitHub organization, one AWS account and collector, Identity Center once, one Workspace customer) in
 * its own invocation, writing its snapshots under the run → one evaluation that runs the checks over every shard's
 * snapshots and commits the run. A shard that fails is tolerated by the map and becomes `error` findings for its scope
 * at evaluation, never a silent gap.
 */
export class FanOut extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: FanOutProps) {
    super(scope, id);
    const plan = retry(
      new tasks.LambdaInvoke(this, 'Plan', {
        lambdaFunction: props.fn,
        // The items stay in the store: an organization's list outgrows the 256 KiB passed between states.
        payload: sfn.TaskInput.fromObject({ action: 'shards.plan', items: 'stored' }),
        payloadResponseOnly: true,
      }),
    );
    const collect = retry(
      new tasks.LambdaInvoke(this, 'CollectShard', {
        lambdaFunction: props.fn,
        payload: sfn.TaskInput.fromObject({
          action: 'shards.collect',
          runId: sfn.JsonPath.stringAt('$.runId'),
          shard: sfn.JsonPath.stringAt('$.shard'),
        }),
        payloadResponseOnly: true,
      }),
    );
    const map = new sfn.DistributedMap(this, 'CollectShards', {
      itemReader: new sfn.S3JsonItemReader({
        bucketNamePath: sfn.JsonPath.stringAt('$.itemsBucket'),
        key: sfn.JsonPath.stringAt('$.itemsKey'),
      }),
      maxConcurrency: props.maxConcurrency,
      toleratedFailurePercentage: 100,
      resultPath: sfn.JsonPath.DISCARD,
    });
    map.itemProcessor(collect);
    const evaluate = retry(
      new tasks.LambdaInvoke(this, 'Evaluate', {
        lambdaFunction: props.fn,
        payload: sfn.TaskInput.fromObject({ action: 'shards.evaluate', runId: sfn.JsonPath.stringAt('$.runId') }),
        payloadResponseOnly: true,
      }),
    );
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(plan.next(map).next(evaluate)),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    const items = props.evidence.bucket.arnForObjects(`${props.evidence.prefix}runs/*/map-items.json`);
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ReadMapItems', actions: ['s3:GetObject'], resources: [items] }),
    );
    props.evidence.key.grantDecrypt(this.stateMachine);
    const stack = Stack.of(this);
    const bucketId = stack.getLogicalId(props.evidence.bucket.node.defaultChild as s3.CfnBucket);
    const machineId = stack.getLogicalId(this.stateMachine.node.defaultChild as sfn.CfnStateMachine);
    const fnId = stack.getLogicalId(props.fn.node.defaultChild as lambda.CfnFunction);
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}`;
    acknowledge(
      this.stateMachine,
      [
        'AwsSolutions-IAM5[Resource::*]',
        `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
        `AwsSolutions-IAM5[Resource::${executions}:*]`,
        `AwsSolutions-IAM5[Resource::${executions}/*:*]`,
        `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${props.evidence.prefix}runs/*/map-items.json]`,
      ],
      "CDK's grants for the state machine: X-Ray and log delivery (no resource-level permissions), versions of the " +
        "one function it invokes, the Distributed Map's child executions of this state machine, and each run's map " +
        'items (the plan step writes them under the run id it makes).',
    );
  }
}

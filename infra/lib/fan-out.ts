import { Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
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
        payload: sfn.TaskInput.fromObject({ action: 'shards.plan' }),
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
      itemsPath: '$.items',
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
    const stack = Stack.of(this);
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
      ],
      "CDK's grants for the state machine: X-Ray and log delivery (no resource-level permissions), versions of the " +
        "one function it invokes, and the Distributed Map's child executions of this state machine.",
    );
  }
}

import { CfnParameter, Duration, Fn, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cfn from 'aws-cdk-lib/aws-cloudformation';
import { acknowledge } from './nag.js';
import type { Construct } from 'constructs';
import { EvidenceBucket } from './evidence-bucket.js';
import { FanOut } from './fan-out.js';
import { auditPolicy, callerPolicy, eventRulePatterns } from './declared-permissions.js';

export interface AssayStackProps extends StackProps {
  /**
   * The assay config (YAML or JSON) stored in SSM; its `evidence` section is replaced by this stack's bucket
   * (ASSAY_EVIDENCE). Unset: a template parameter, for the published template.
   */
  configText?: string;
  /** `dir`: the esbuild bundle (`npm run bundle:lambda` → dist/lambda); `parameters`: S3 bucket/key parameters. */
  code: { kind: 'dir'; path: string } | { kind: 'parameters' };
  retentionDays: number;
  /** An EventBridge Scheduler expression, e.g. `cron(0 * * * ? *)` (hourly). */
  schedule: string;
  /** Run through the Step Functions fan-out (one invocation per shard) instead of one invocation. */
  fanOut: boolean;
  memberRoleName: string;
  breakGlassRoles: readonly string[];
  /** The member account StackSet's template body (MemberRoleStack, synthesized). */
  memberTemplate: string;
  evidencePrefix?: string;
}

/** Environment names the config's secret references use (`{ env: GITHUB_TOKEN }`). */
export const SECRET_ENV = {
  githubToken: 'GITHUB_TOKEN',
  githubAppKey: 'GITHUB_APP_PRIVATE_KEY',
  googleKey: 'GOOGLE_SERVICE_ACCOUNT_KEY',
  externalId: 'AWS_EXTERNAL_ID',
} as const;

const RETENTION = logs.RetentionDays.ONE_YEAR;

export class AssayStack extends Stack {
  readonly fn: lambda.Function;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AssayStackProps) {
    super(scope, id, props);
    const prefix = props.evidencePrefix ?? 'assay/';
    const evidence = new EvidenceBucket(this, 'Evidence', { retentionDays: props.retentionDays, prefix });

    const externalIdParam = new CfnParameter(this, 'ExternalId', {
      type: 'String',
      noEcho: true,
      minLength: 16,
      description: 'sts:ExternalId that the audit role in member accounts requires (random, at least 16 characters)',
    });
    const orgUnits = new CfnParameter(this, 'MemberOrganizationalUnitIds', {
      type: 'CommaDelimitedList',
      description: 'Organizational units (or the root, r-xxxx) whose accounts get the audit role and event rules',
    });
    const memberRegions = new CfnParameter(this, 'MemberRegions', {
      type: 'CommaDelimitedList',
      description: 'Regions of the member accounts whose CloudTrail events are forwarded (the first holds the role)',
    });
    const orgId = new CfnParameter(this, 'OrganizationId', {
      type: 'String',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
      description: 'The AWS Organizations id (o-…): only its accounts may put events on the central bus',
    });

    // Third-party credentials: their value is set after deployment (`aws secretsmanager put-secret-value`).
    const secret = (sid: string, description: string, value?: SecretValue) =>
      new secrets.Secret(this, sid, {
        description,
        encryptionKey: evidence.key,
        ...(value ? { secretStringValue: value } : {}),
      });
    const store = {
      [SECRET_ENV.githubToken]: secret('GithubToken', 'assay: GitHub token (read-only)'),
      [SECRET_ENV.githubAppKey]: secret('GithubAppKey', 'assay: GitHub App private key (PEM)'),
      [SECRET_ENV.googleKey]: secret('GoogleKey', 'assay: Google service-account key (JSON); prefer federation'),
      [SECRET_ENV.externalId]: secret(
        'ExternalIdSecret',
        'assay: sts:ExternalId',
        SecretValue.cfnParameter(externalIdParam),
      ),
    };
    for (const s of Object.values(store))
      acknowledge(
        s,
        ['AwsSolutions-SMG4'],
        'Vendor credentials (GitHub, Google) and the external id are rotated at their source, not by a Lambda.',
      );

    const configParam = new ssm.StringParameter(this, 'Config', {
      description: 'assay config (JSON); secrets are references, never values',
      tier: ssm.ParameterTier.ADVANCED,
      stringValue:
        props.configText ??
        new CfnParameter(this, 'AssayConfig', {
          type: 'String',
          description: 'The assay config (YAML or JSON, at most 8 KB); secrets as { env: NAME } references',
        }).valueAsString,
    });

    const logGroup = new logs.LogGroup(this, 'FunctionLogs', { retention: RETENTION });
    this.role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'assay: the scheduled run (the collectors declared read-only actions, its evidence prefix)',
    });
    const audit = auditPolicy();
    const caller = callerPolicy(props.memberRoleName);
    const declared = new iam.Policy(this, 'DeclaredPermissions', {
      document: iam.PolicyDocument.fromJson({
        Version: '2012-10-17',
        Statement: [...audit.Statement, ...caller.Statement],
      }),
    });
    this.role.attachInlinePolicy(declared);
    acknowledge(
      declared,
      ['AwsSolutions-IAM5[Resource::*]', `AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/${props.memberRoleName}]`],
      'Read-only List/Get/Describe actions the collectors declare (they read every resource of the account); the ' +
        'audit role has the same name in every member account.',
    );
    evidence.grantStore(this.role, prefix);
    for (const s of Object.values(store)) s.grantRead(this.role);
    configParam.grantRead(this.role);
    logGroup.grantWrite(this.role);

    const dlq = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: evidence.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(dlq, ['AwsSolutions-SQS3'], 'This queue is the dead-letter queue of the scheduled invocations.');

    const code = props.code.kind === 'dir' ? lambda.Code.fromAsset(props.code.path) : lambda.Code.fromCfnParameters();
    this.fn = new lambda.Function(this, 'Function', {
      description: 'assay: scheduled run, fan-out steps and the CloudTrail event path',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code,
      role: this.role,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      logGroup,
      deadLetterQueue: dlq,
      retryAttempts: 0,
      environment: {
        ASSAY_CONFIG_PARAMETER: configParam.parameterName,
        ASSAY_EVIDENCE: Stack.of(this).toJsonString({
          store: 's3',
          bucket: evidence.bucket.bucketName,
          prefix,
          kmsKeyId: evidence.key.keyArn,
        }),
        ASSAY_SECRETS: Stack.of(this).toJsonString(
          Object.fromEntries(Object.entries(store).map(([k, s]) => [k, s.secretArn])),
        ),
        ASSAY_SECRETS_TTL_SECONDS: '900',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    acknowledge(
      this.fn,
      ['AwsSolutions-L1'],
      'Node 22 is the runtime the bundle is built for (esbuild target node22) and tested on.',
    );
    const bucketId = this.getLogicalId(evidence.bucket.node.defaultChild as s3.CfnBucket);
    acknowledge(
      this.role,
      [`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`],
      'Objects under the evidence prefix: each run writes new keys there (write-once, Object Lock).',
    );

    // Scheduled runs: EventBridge Scheduler invokes the function, or starts the fan-out's state machine.
    const scheduleRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    dlq.grantSendMessages(scheduleRole);
    acknowledge(
      scheduleRole,
      ['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]'],
      "CDK's grant to send to the KMS-encrypted dead-letter queue, on the evidence key only.",
    );
    let targetArn = this.fn.functionArn;
    let input = JSON.stringify({ action: 'run' });
    const alarms: cloudwatch.Alarm[] = [];
    if (props.fanOut) {
      const fanOut = new FanOut(this, 'FanOut', {
        fn: this.fn,
        maxConcurrency: 20,
        logRetention: RETENTION,
        evidence: { bucket: evidence.bucket, key: evidence.key, prefix },
      });
      fanOut.stateMachine.grantStartExecution(scheduleRole);
      targetArn = fanOut.stateMachine.stateMachineArn;
      input = '{}';
      alarms.push(
        fanOut.stateMachine.metricFailed().createAlarm(this, 'FanOutFailed', {
          alarmDescription: 'assay: a fan-out run failed (its evaluation did not commit)',
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    } else {
      this.fn.grantInvoke(scheduleRole);
      acknowledge(
        scheduleRole,
        [`AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`],
        "CDK's invoke grant: the function's versions and aliases, of this one function.",
      );
    }
    new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'assay: scheduled run',
      scheduleExpression: props.schedule,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: targetArn,
        roleArn: scheduleRole.roleArn,
        input,
        retryPolicy: { maximumRetryAttempts: 0 },
        deadLetterConfig: { arn: dlq.queueArn },
      },
    });

    alarms.push(
      this.fn.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, 'RunFailed', {
        alarmDescription: 'assay: an invocation failed (a run, a shard or an event)',
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      dlq.metricApproximateNumberOfMessagesVisible().createAlarm(this, 'DeadLettersWaiting', {
        alarmDescription: 'assay: scheduled invocations that never ran',
        threshold: 1,
        evaluationPeriods: 1,
      }),
    );
    const topic = new sns.Topic(this, 'Alarms', { masterKey: evidence.key, enforceSSL: true });
    for (const a of alarms) a.addAlarmAction(new cwActions.SnsAction(topic));

    // Near-real-time path: the central bus takes the organization's forwarded events; rules route them here.
    const bus = new events.EventBus(this, 'Bus', { description: 'assay: CloudTrail events from the organization' });
    new events.CfnEventBusPolicy(this, 'BusPolicy', {
      eventBusName: bus.eventBusName,
      statementId: 'OrganizationPutEvents',
      statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: bus.eventBusArn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId.valueAsString } },
      },
    });
    for (const p of eventRulePatterns(props.breakGlassRoles)) {
      for (const [where, eventBus] of [
        ['Org', bus],
        ['Own', undefined],
      ] as const) {
        new events.Rule(this, `${where}-${p.name}`, {
          description: `assay: ${p.description}`,
          ...(eventBus ? { eventBus } : {}),
          eventPattern: p.pattern,
          targets: [new targets.LambdaFunction(this.fn, { deadLetterQueue: dlq, retryAttempts: 2 })],
        });
      }
    }

    // Member accounts: the audit role and the forwarding rules, through a service-managed StackSet.
    new cfn.CfnStackSet(this, 'MemberAccounts', {
      stackSetName: `${Stack.of(this).stackName}-member`,
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      templateBody: props.memberTemplate,
      parameters: [
        { parameterKey: 'AssayRoleArn', parameterValue: this.role.roleArn },
        { parameterKey: 'ExternalId', parameterValue: externalIdParam.valueAsString },
        { parameterKey: 'EventBusArn', parameterValue: bus.eventBusArn },
        { parameterKey: 'HomeRegion', parameterValue: Fn.select(0, memberRegions.valueAsList) },
      ],
      operationPreferences: {
        failureTolerancePercentage: 10,
        maxConcurrentPercentage: 50,
        regionConcurrencyType: 'PARALLEL',
      },
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: orgUnits.valueAsList },
          regions: memberRegions.valueAsList,
        },
      ],
      callAs: 'SELF',
    });
  }
}

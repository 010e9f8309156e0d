import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp, DEFAULTS, memberTemplate } from '../lib/build-app.js';
import { AwsSolutionsChecks } from '../lib/nag.js';
import { auditPolicy, callerPolicy, declaredAwsActions, eventRulePatterns } from '../lib/declared-permissions.js';
import { SECRET_ENV } from '../lib/assay-stack.js';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource?: unknown; NotResource?: unknown };
const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** Read-only by name: what an audit policy may grant on every resource. */
const READ =
  /^[a-z0-9-]+:(Get|List|Describe|Lookup|Search|BatchGet|GenerateCredentialReport|GenerateServiceLastAccessedDetails)/;

describe('the assay CDK app', () => {
  let dir: string;
  let built: ReturnType<typeof buildApp>;
  let template: Template;
  const breakGlassRoles = ['emergency/BreakGlass'];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'assay-infra-'));
    // A stand-in for the esbuild bundle: synthesis only hashes and copies it.
    mkdirSync(path.join(dir, 'bundle'));
    writeFileSync(path.join(dir, 'bundle', 'index.mjs'), 'export const handler = async () => ({});\n');
    built = buildApp({
      ...DEFAULTS,
      breakGlassRoles,
      fanOut: true,
      retentionDays: 730,
      configText: 'version: 1\nsources:\n  github: { auth: { token: { env: GITHUB_TOKEN } }, orgs: [acme] }\n',
      code: { kind: 'dir', path: path.join(dir, 'bundle') },
      outdir: path.join(dir, 'cdk.out'),
    });
    template = Template.fromStack(built.stack);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('locks the evidence bucket: compliance-mode Object Lock, versioning, no public access, SSE-KMS with a rotating key, access logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 730 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            BucketKeyEnabled: true,
          },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'evidence/' },
    });
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: { ObjectLockEnabled: true } });
  });

  it('denies plain HTTP and every deletion except the run lock', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    const evidence = Object.values(policies)
      .map(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
      )
      .find((st) => st.some((s) => s.Sid === 'DenyEvidenceDeletion'))!;
    expect(evidence.find((s) => s.Effect === 'Deny' && actionsOf(s).includes('s3:*'))).toMatchObject({
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const deny = evidence.find((s) => s.Sid === 'DenyEvidenceDeletion')!;
    expect(actionsOf(deny)).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion']));
    expect(JSON.stringify(deny.NotResource)).toContain('/assay/locks/run.json');
    const lock = evidence.find((s) => s.Sid === 'DenyLockVersionDeletion')!;
    expect(actionsOf(lock)).toContain('s3:DeleteObjectVersion');
  });

  it("grants the function exactly the collectors' declared actions, and writes only to its evidence prefix", () => {
    const declared = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p).includes('AssayReadOnly'),
    ) as { Properties: { PolicyDocument: { Statement: Statement[] } } };
    const statements = declared.Properties.PolicyDocument.Statement;
    const granted = [...new Set(statements.flatMap(actionsOf))].sort();
    expect(granted).toEqual(declaredAwsActions());
    expect(statements.find((s) => s.Sid === 'AssayReadOnly')!.Action).toEqual(auditPolicy().Statement[0]!.Action);
    expect(statements.find((s) => s.Sid === 'AssumeAssayAuditRole')).toMatchObject({
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::*:role/AssayAudit',
    });
    expect(callerPolicy('AssayAudit').Statement.length).toBeGreaterThan(0);
    for (const s of statements) if (s.Resource === '*') for (const a of actionsOf(s)) expect(a).toMatch(READ);

    // Every other statement of the role: no wildcard write, and writes only where the store and logs need them.
    const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find((k) => k.startsWith('FunctionRole'))!;
    const others = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p).includes(roleId) && p !== declared)
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
      );
    const writes = others.filter((s) => actionsOf(s).some((a) => !READ.test(a) && !/^kms:Decrypt$/.test(a)));
    for (const s of writes) {
      expect(s.Resource).not.toBe('*');
      for (const a of actionsOf(s)) expect(a.endsWith('*')).toBe(false);
    }
    const evidenceWrite = others.find((s) => s.Sid === 'EvidenceReadWrite')!;
    expect(actionsOf(evidenceWrite).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(evidenceWrite.Resource)).toContain('/assay/*');
    expect(JSON.stringify(others.find((s) => s.Sid === 'EvidenceRunLockRelease')!.Resource)).toContain(
      '/assay/locks/run.json',
    );
    expect(others.find((s) => s.Sid === 'EvidenceList')).toMatchObject({
      Action: 's3:ListBucket',
      Condition: { StringLike: { 's3:prefix': ['assay/*'] } },
    });
  });

  it('runs the bundle on Node 22 with its config and secret ARNs, a dead-letter queue and an alarm on failed runs', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Timeout: 900,
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          ASSAY_CONFIG_PARAMETER: Match.anyValue(),
          ASSAY_SECRETS: Match.anyValue(),
          ASSAY_EVIDENCE: Match.anyValue(),
        }),
      },
    });
    const env = JSON.stringify(template.findResources('AWS::Lambda::Function'));
    for (const name of Object.values(SECRET_ENV)) expect(env).toContain(name);
    template.resourceCountIs('AWS::SecretsManager::Secret', 4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed' });
  });

  it('schedules the fan-out: plan, a Distributed Map of shard collections, one evaluation', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: DEFAULTS.schedule,
      Target: { Arn: { Ref: Match.stringLikeRegexp('^FanOutStateMachine') }, DeadLetterConfig: Match.anyValue() },
    });
    const machine = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
    for (const step of [
      'shards.plan',
      'shards.collect',
      'shards.evaluate',
      'DISTRIBUTED',
      'ToleratedFailurePercentage',
      // The map reads its items from the store, where the plan wrote them: not through the 256 KiB state.
      '\\"items\\":\\"stored\\"',
      'arn:',
      's3:getObject',
      '\\"Bucket.$\\":\\"$.itemsBucket\\"',
      '\\"Key.$\\":\\"$.itemsKey\\"',
    ])
      expect(machine).toContain(step);
    expect(machine).not.toContain('ItemsPath');
    // Its role reads the map items under the evidence prefix, nothing else of the store.
    const reads = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties
            .PolicyDocument.Statement,
      )
      .filter((st) => st.Sid === 'ReadMapItems');
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0]!.Resource)).toContain('/assay/runs/*/map-items.json');
    expect(reads[0]!.Action).toBe('s3:GetObject');
  });

  it('routes the event path: the same patterns on the central bus and the default bus, the bus open to the organization only', () => {
    const patterns = eventRulePatterns(breakGlassRoles);
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map(
      (r) => (r as { Properties: { EventPattern: unknown } }).Properties.EventPattern,
    );
    for (const p of patterns)
      expect(rules.filter((r) => JSON.stringify(r) === JSON.stringify(p.pattern))).toHaveLength(2);
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({ Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } } }),
    });
  });

  it('gives member accounts, through a StackSet, a read-only role trusted by the assay role with the external id', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true },
    });
    const member = Template.fromJSON(memberTemplate('AssayAudit', breakGlassRoles));
    member.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'AssayAudit',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: { Ref: 'AssayRoleArn' } },
            Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
          },
        ],
      },
      Policies: [{ PolicyName: 'AssayReadOnly', PolicyDocument: { Statement: auditPolicy().Statement } }],
    });
    for (const a of auditPolicy().Statement.flatMap((s) => s.Action)) expect(a).toMatch(READ);
    expect(
      (member.toJSON() as { Parameters: Record<string, { NoEcho?: boolean }> }).Parameters.ExternalId!.NoEcho,
    ).toBe(true);
  });

  it('passes cdk-nag AwsSolutions with every acknowledgement justified', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
    const acks = built.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
    expect(acks.length).toBeGreaterThan(5);
    for (const a of acks) {
      expect(a.id).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(a.reason.length).toBeGreaterThan(30);
    }
  });
});

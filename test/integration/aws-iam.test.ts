import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runCollectors } from '../../src/engine/run-collectors.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { prepareChecks } from '../../src/engine/prepare-checks.js';
import { makeRegistry } from '../../src/model/registry.js';
import type { Finding } from '../../src/model/finding.js';
import { requestCount } from '../../src/model/snapshot.js';
import { allChecks } from '../../checks/index.js';
import { awsIamCollector } from '../../collectors/aws/aws-iam-collector.js';
import { Random } from '../../sim/random.js';
import { generateAws, type GenerateAwsOptions } from '../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';
import { awsIamTruth } from '../../sim/aws/aws-iam-truth.js';
import type { AwsSimState } from '../../sim/aws/aws-state.js';
import type { GroundTruth } from '../../sim/ground-truth.js';

const log = pino({ level: 'silent' });
const iamChecks = makeRegistry(
  'check',
  allChecks.filter((c) => c.id.startsWith('aws-iam-')),
);
let sim: AwsSim | undefined;
afterEach(async () => {
  await sim?.server.close();
  sim = undefined;
});

async function start(opts: GenerateAwsOptions): Promise<{ sim: AwsSim; state: AwsSimState }> {
  const state = generateAws(new Random(11), opts);
  sim = await startAwsSim(state);
  return { sim, state };
}

async function run(s: AwsSim, state: AwsSimState, accounts: string) {
  const yaml = `
version: 1
sources:
  aws:
    accounts: ${accounts}
    endpoint: ${s.endpoint}
    credentials: { accessKeyId: { env: SIM_AWS_KEY }, secretAccessKey: { env: SIM_AWS_SECRET } }
    maxAttempts: 3
    requestTimeoutSeconds: 5
`;
  const config = parseConfig(yaml, 'assay.yaml', { SIM_AWS_KEY: s.accessKeyId, SIM_AWS_SECRET: s.secretAccessKey });
  const now = new Date(state.now);
  const { snapshots, runs } = await runCollectors({
    jobs: [{ collector: awsIamCollector, config: config.sources.aws }],
    concurrency: 1,
    timeoutMs: 60_000,
    log,
    now: () => now,
    resolveSecret: config.resolveSecret,
    onSnapshot: async () => {},
  });
  const findings = runChecks(prepareChecks(config, iamChecks), snapshots, now);
  return { snapshots, runs, findings };
}

const failKeys = (fs: readonly Finding[]) =>
  fs
    .filter((f) => f.status === 'fail')
    .map((f) => `${f.checkId}|${f.scope.id}|${f.resource.id}`)
    .sort();
const truthKeys = (t: GroundTruth, keep: (scopeId: string) => boolean = () => true) =>
  Object.entries(t)
    .flatMap(([check, list]) => list.filter((v) => keep(v.scopeId)).map((v) => `${check}|${v.scopeId}|${v.resourceId}`))
    .sort();

describe('aws-iam on the simulated organization', () => {
  it('flags exactly the planted violations in every account of the organization', async () => {
    const { sim, state } = await start({ accounts: 3 });
    const { findings, runs } = await run(sim, state, '{ mode: organization, roleName: AssayAudit }');
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    const truth = awsIamTruth(state);
    for (const id of iamChecks.keys()) expect(truth[id]!.length, `${id} has planted violations`).toBeGreaterThan(0);
    expect(failKeys(findings)).toEqual(truthKeys(truth));
    expect(new Set(findings.map((f) => f.scope.id))).toEqual(new Set(state.accounts.map((a) => a.id)));
    expect(findings.find((f) => f.checkId === 'aws-iam-console-users-mfa' && f.resource.name === 'ceo')?.severity).toBe(
      'critical',
    );
    // AWS's AmazonSageMakerFullAccess grants sagemaker:* with NotResource (no Resource): its holders are inventoried.
    const aiHolders = findings.filter(
      (f) => f.checkId === 'aws-iam-ai-full-access' && f.resource.name === 'ml-training',
    );
    expect(aiHolders.map((f) => `${f.status}: ${f.message}`).sort()).toEqual(
      state.accounts
        .map(
          (a) =>
            `pass: Role ml-training in account ${a.id} has full AI service access through AmazonSageMakerFullAccess.`,
        )
        .sort(),
    );
    // The user who enabled MFA after the stored report is not flagged: ListVirtualMFADevices is newer.
    expect(findings.some((f) => f.resource.name === 'late.mfa' && f.status === 'fail')).toBe(false);
    const iamRequests = Object.entries(sim.server.counts())
      .filter(([k]) => k.startsWith('iam:'))
      .reduce((n, [, v]) => n + v, 0);
    expect(runs[0]!.requests).toBe(iamRequests);
  });

  it('reports error for every check of an account whose role cannot be assumed, naming sts:AssumeRole; the others are evaluated', async () => {
    const { sim, state } = await start({ accounts: 3, denyAssumeRoleIn: [2] });
    const [, second, third] = state.accounts;
    const list = `{ mode: list, roleName: AssayAudit, accounts: [{ id: "${second!.id}", name: prod }, { id: "${third!.id}" }] }`;
    const { findings } = await run(sim, state, list);
    const denied = findings.filter((f) => f.scope.id === third!.id);
    expect(denied.map((f) => f.status)).toEqual(Array(iamChecks.size).fill('error'));
    expect(denied[0]!.message).toMatch(
      /^Could not evaluate: sts:AssumeRole failed \(AccessDenied: User: arn:aws:iam::\d+:user\/assay-collector is not authorized to perform: sts:AssumeRole/,
    );
    const ok = findings.filter((f) => f.scope.id === second!.id);
    expect(ok.filter((f) => f.status === 'error')).toEqual([]);
    expect(ok[0]!.scope.name).toBe('prod');
    expect(failKeys(ok)).toEqual(truthKeys(awsIamTruth(state), (s) => s === second!.id));
  });

  it('turns a refused or failing IAM call into error for exactly the checks that need it', async () => {
    const { sim, state } = await start({ accounts: 1 });
    sim.fail('iam:GetAccountAuthorizationDetails', { status: 500, code: 'ServiceFailure' });
    sim.fail('iam:GetAccountSummary', { status: 403 });
    const { findings, snapshots } = await run(sim, state, '{ mode: default }');
    const errored = [...new Set(findings.filter((f) => f.status === 'error').map((f) => f.checkId))].sort();
    const needing = [...iamChecks.values()]
      .filter((c) => c.requires.some((k) => k === 'aws-iam.authorizationDetails' || k === 'aws-iam.accountSummary'))
      .map((c) => c.id)
      .sort();
    expect(errored).toEqual(needing);
    expect(findings.find((f) => f.checkId === 'aws-iam-root-mfa-enabled')!.message).toBe(
      'Could not evaluate: iam:GetAccountSummary failed (AccessDenied: Simulated AccessDenied).',
    );
    // 500 is retried (maxAttempts 3) before giving up; 403 is not.
    expect(sim.server.counts()['iam:GetAccountAuthorizationDetails']).toBe(3);
    expect(sim.server.counts()['iam:GetAccountSummary']).toBe(1);
    expect(snapshots[0]!.missing['aws-iam.authorizationDetails']).toMatchObject({
      kind: 'error',
      operation: 'iam:GetAccountAuthorizationDetails',
      status: 500,
    });
    expect(failKeys(findings.filter((f) => !needing.includes(f.checkId)))).toEqual(
      truthKeys(awsIamTruth(state)).filter((k) => !needing.includes(k.split('|')[0]!)),
    );
  });

  it('waits out throttling (Retry-After) and still collects', async () => {
    const { sim, state } = await start({ accounts: 1 });
    sim.server.faults.inject('iam:ListVirtualMFADevices', { kind: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
    const { findings, snapshots } = await run(sim, state, '{ mode: default }');
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(snapshots[0]!.calls.find((c) => c.operation === 'iam:ListVirtualMFADevices')).toMatchObject({
      ok: true,
      requests: 2,
    });
  });

  it('reads an account of 3,000 users in at most 10 IAM calls', async () => {
    const { sim, state } = await start({ accounts: 1, largeAccountUsers: 3000 });
    const { findings, snapshots } = await run(sim, state, '{ mode: default }');
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(failKeys(findings)).toEqual(truthKeys(awsIamTruth(state)));
    const counts = sim.server.counts();
    const iam = Object.entries(counts).filter(([k]) => k.startsWith('iam:'));
    const total = iam.reduce((n, [, v]) => n + v, 0);
    // 2 (report) + ⌈entities / 1000⌉ (authorization details) + ⌈virtual MFA devices / 1000⌉ + 1 + 1
    const { iam: sIam } = state.accounts[0]!;
    const attachedAws = new Set([...sIam.users, ...sIam.groups, ...sIam.roles].flatMap((e) => e.attachedPolicyArns));
    const entities =
      sIam.users.length + sIam.groups.length + sIam.roles.length + sIam.policies.length + attachedAws.size;
    const devices =
      sIam.users.filter((u) => u.mfa?.kind === 'virtual').length + (sIam.root.mfa?.kind === 'virtual' ? 1 : 0);
    expect(Object.fromEntries(iam)).toEqual({
      'iam:GenerateCredentialReport': 1,
      'iam:GetCredentialReport': 1,
      'iam:GetAccountAuthorizationDetails': Math.ceil(entities / 1000),
      'iam:ListVirtualMFADevices': Math.ceil(devices / 1000),
      'iam:GetAccountPasswordPolicy': 1,
      'iam:GetAccountSummary': 1,
    });
    expect(total).toBeLessThanOrEqual(10);
    expect(requestCount(snapshots[0]!)).toBe(total);
  });
});

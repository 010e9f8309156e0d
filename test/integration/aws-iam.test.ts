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
import { centralizeRootAccess, hireAfterReport } from '../../sim/aws/generate-iam.js';
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
    // The sim's `assay:executive` tag no longer matters: executives are people.executives, judged by the people checks.
    expect(findings.find((f) => f.checkId === 'aws-iam-console-users-mfa' && f.resource.name === 'ceo')?.severity).toBe(
      'high',
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
    // NotAction that leaves IAM in is administrator access; a grant under a condition is listed as conditional.
    const management = state.accounts[0]!.id;
    const admin = (name: string) =>
      findings.find(
        (f) => f.checkId === 'aws-iam-admin-principals' && f.scope.id === management && f.resource.name === name,
      )?.message;
    expect([admin('ops.lead'), admin('mfa.admin')]).toEqual([
      `User ops.lead in account ${management} holds administrator access directly (inline all-but-billing).`,
      `User mfa.admin in account ${management} holds conditional administrator access directly (inline admin-with-mfa).`,
    ]);
    // ListOrganizationsFeatures is asked once per run, by the management account's credentials.
    expect(sim.server.counts()['iam:ListOrganizationsFeatures']).toBe(1);
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

  it('reads an account of 3,000 users in at most 11 IAM calls', async () => {
    const { sim, state } = await start({ accounts: 1, largeAccountUsers: 3000 });
    const { findings, snapshots } = await run(sim, state, '{ mode: default }');
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    expect(failKeys(findings)).toEqual(truthKeys(awsIamTruth(state)));
    const counts = sim.server.counts();
    const iam = Object.entries(counts).filter(([k]) => k.startsWith('iam:'));
    const total = iam.reduce((n, [, v]) => n + v, 0);
    // 2 (report) + ⌈entities / 1000⌉ (authorization details) + ⌈virtual MFA devices / 1000⌉ + 1 + 1 + 1 per run
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
      'iam:ListOrganizationsFeatures': 1,
    });
    expect(total).toBeLessThanOrEqual(11);
    expect(requestCount(snapshots[0]!)).toBe(total);
  });

  it('makes a member root without credentials under centralized root access not applicable, not a critical fail', async () => {
    const state = generateAws(new Random(11), { accounts: 3 });
    const member = centralizeRootAccess(state, 2);
    sim = await startAwsSim(state);
    const { findings } = await run(sim, state, '{ mode: organization, roleName: AssayAudit }');
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    const rootMfa = findings.find((f) => f.checkId === 'aws-iam-root-mfa-enabled' && f.scope.id === member.id)!;
    expect(rootMfa.status).toBe('not_applicable');
    expect(rootMfa.message).toBe(
      `The root user of account ${member.id} has no credentials (no password, access key or MFA device) and the organization ${state.organizationId} manages member root credentials centrally (RootCredentialsManagement), so nobody can sign in as root.`,
    );
    expect(failKeys(findings)).toEqual(truthKeys(awsIamTruth(state)));
  });

  it('reports a user created after the stored credential report as error, by name, in the checks that read the report', async () => {
    const state = generateAws(new Random(11), { accounts: 1 });
    const account = state.accounts[0]!;
    const hire = hireAfterReport(account, state.now);
    sim = await startAwsSim(state);
    const { findings } = await run(sim, state, '{ mode: default }');
    const errors = findings.filter((f) => f.status === 'error');
    expect(errors.map((f) => f.checkId).sort()).toEqual([
      'aws-iam-access-keys-rotated',
      'aws-iam-console-users-mfa',
      'aws-iam-single-active-access-key',
      'aws-iam-unused-credentials-disabled',
    ]);
    for (const e of errors) expect(e.resource.name).toBe('new.hire');
    expect(errors[0]!.message).toMatch(
      new RegExp(
        `^User new\\.hire in account ${account.id} \\(created ${new Date(hire.createDate).toISOString().replace('.', '\\.')}\\) is not in the credential report generated `,
      ),
    );
  });

  it('is an error, never a verdict from one number, when the root row is missing or the sources disagree', async () => {
    const state = generateAws(new Random(11), { accounts: 1 });
    const account = state.accounts[0]!;
    account.iam.credentialReport.omitRootRow = true;
    sim = await startAwsSim(state);
    const missingRow = await run(sim, state, '{ mode: default }');
    const rootChecks = ['aws-iam-root-mfa-enabled', 'aws-iam-root-no-access-keys', 'aws-iam-root-not-used-recently'];
    expect(missingRow.findings.filter((f) => rootChecks.includes(f.checkId)).map((f) => f.status)).toEqual([
      'error',
      'error',
      'error',
    ]);
    await sim.server.close();

    // A hardware MFA device added to the root after the stored report: the live summary and the report disagree.
    const later = generateAws(new Random(11), { accounts: 1 });
    const acct = later.accounts[0]!;
    acct.iam.root.mfa = { kind: 'hardware', enabledAt: new Date(Date.parse(later.now) - 3600_000).toISOString() };
    sim = await startAwsSim(later);
    const { findings } = await run(sim, later, '{ mode: default }');
    const mfa = findings.find((f) => f.checkId === 'aws-iam-root-mfa-enabled')!;
    expect(mfa.status).toBe('error');
    expect(mfa.message).toMatch(
      /^The sources disagree on root MFA in account \d+: iam:GetAccountSummary says AccountMFAEnabled=1, the credential report generated .* says mfa_active=false;/,
    );
  });
});

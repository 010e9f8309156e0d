import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import {
  AccessDeniedException,
  ListAccountsCommand,
  OrganizationsClient,
  type Account,
} from '@aws-sdk/client-organizations';
import { defineCollector } from '../../../src/model/collector.js';
import type { AwsSourceConfig } from '../../../src/model/config/aws-config.js';
import { awsIamDatasets } from '../../../src/model/datasets/aws-iam.js';
import type { DatasetKey } from '../../../src/model/datasets/index.js';
import { forEachAccount, type AwsAccountSession } from '../../../collectors/aws/aws-accounts.js';
import { pino } from 'pino';
import { parseConfig } from '../../../src/config/load-config.js';
import { runCollectors } from '../../../src/engine/run-collectors.js';
import { CREDS, runAwsCollector } from './aws-harness.js';

const sts = mockClient(STSClient);
const orgs = mockClient(OrganizationsClient);
afterEach(() => {
  sts.reset();
  orgs.reset();
});

const MGMT = '111111111111';
const acct = (Id: string, Name: string, State: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE'): Account => ({
  Id,
  Name,
  State,
  Status: State,
});
const denied = (roleArn: string) =>
  new STSServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    message: `User: arn:aws:iam::${MGMT}:user/assay is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    $metadata: { httpStatusCode: 403 },
  });

/** A collector that records the sessions it was given and collects one dataset per account. */
function probe() {
  const sessions: AwsAccountSession[] = [];
  let running = 0;
  let peak = 0;
  const collector = defineCollector<AwsSourceConfig>({
    id: 'aws-iam',
    source: 'aws',
    title: 'probe',
    permissions: [{ name: 'iam:GetAccountSummary', why: 'test' }],
    schema: awsIamDatasets,
    async collect(ctx) {
      await forEachAccount(ctx, Object.keys(awsIamDatasets) as DatasetKey[], async (session, rec) => {
        sessions.push(session);
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        await rec.dataset('aws-iam.accountSummary', (call) =>
          call('iam:GetAccountSummary', async () => ({ Users: 1 })),
        );
      });
    },
  });
  return { collector, sessions, peak: () => peak };
}

const creds = (id: string) => ({
  Credentials: {
    AccessKeyId: `SIMtmp${id}`,
    SecretAccessKey: 'simSecret',
    SessionToken: 'simSession',
    Expiration: new Date(Date.now() + 3600_000),
  },
});

describe('forEachAccount', () => {
  it('organization mode: lists every page of active accounts, skips excluded ones, reads its own account directly and assumes the role elsewhere', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT });
    sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => creds(input.RoleArn.split(':')[4]!));
    orgs
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [acct(MGMT, 'management'), acct('222222222222', 'prod')], NextToken: 't2' });
    orgs.on(ListAccountsCommand, { NextToken: 't2' }).resolves({
      Accounts: [acct('333333333333', 'old', 'SUSPENDED'), acct('444444444444', 'sandbox'), acct('555555555555', 'ml')],
    });
    const p = probe();
    const { snapshots } = await runAwsCollector(
      p.collector,
      `{ accounts: { mode: organization, roleName: AssayAudit, externalId: { env: EXT }, exclude: ["444444444444"] }, accountConcurrency: 1, credentials: ${CREDS} }`,
      { EXT: 'ext-123' },
    );
    expect(snapshots.map((s) => s.scope)).toEqual([
      { kind: 'aws-account', id: MGMT, name: 'management' },
      { kind: 'aws-account', id: '222222222222', name: 'prod' },
      { kind: 'aws-account', id: '555555555555', name: 'ml' },
    ]);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      {
        RoleArn: 'arn:aws:iam::222222222222:role/AssayAudit',
        RoleSessionName: 'assay',
        DurationSeconds: 3600,
        ExternalId: 'ext-123',
      },
      {
        RoleArn: 'arn:aws:iam::555555555555:role/AssayAudit',
        RoleSessionName: 'assay',
        DurationSeconds: 3600,
        ExternalId: 'ext-123',
      },
    ]);
    const mgmt = p.sessions.find((s) => s.account.id === MGMT)!;
    expect(mgmt.credentials).toEqual({ accessKeyId: 'SIMakidtest', secretAccessKey: 'simSecret' });
    const prod = p.sessions.find((s) => s.account.id === '222222222222')!;
    expect(typeof prod.credentials).toBe('function');
    expect(await (prod.credentials as () => Promise<{ accessKeyId: string }>)()).toMatchObject({
      accessKeyId: 'SIMtmp222222222222',
    });
    expect(p.peak()).toBe(1);
  });

  it('gives an account whose role cannot be assumed a snapshot with every dataset missing, naming sts:AssumeRole; the others go on', async () => {
    const bad = 'arn:aws:iam::333333333333:role/AssayAudit';
    sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
      if (input.RoleArn === bad) throw denied(bad);
      return creds('x');
    });
    const p = probe();
    const { snapshots } = await runAwsCollector(
      p.collector,
      `{ accounts: { mode: list, roleName: AssayAudit, accounts: [{ id: "222222222222" }, { id: "333333333333" }] }, credentials: ${CREDS} }`,
    );
    expect(snapshots.map((s) => s.scope.id)).toEqual(['222222222222', '333333333333']);
    expect(snapshots[0]!.data).toHaveProperty('aws-iam.accountSummary');
    const failed = snapshots[1]!;
    expect(failed.data).toEqual({});
    expect(Object.keys(failed.missing).sort()).toEqual(Object.keys(awsIamDatasets).sort());
    for (const m of Object.values(failed.missing)) {
      expect(m).toEqual({
        kind: 'error',
        operation: 'sts:AssumeRole',
        status: 403,
        message: `AccessDenied: User: arn:aws:iam::${MGMT}:user/assay is not authorized to perform: sts:AssumeRole on resource: ${bad}`,
      });
    }
    expect(p.sessions.map((s) => s.account.id)).toEqual(['222222222222']);
  });

  it('assumes each role once per run, however many AWS collectors read the account; a refusal reaches every one of them', async () => {
    const bad = 'arn:aws:iam::333333333333:role/AssayAudit';
    sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
      if (input.RoleArn === bad) throw denied(bad);
      return creds('x');
    });
    const [a, b] = [probe(), probe()];
    const config = parseConfig(
      `version: 1\nsources:\n  aws: { accounts: { mode: list, roleName: AssayAudit, accounts: [{ id: "222222222222" }, { id: "333333333333" }] }, credentials: ${CREDS} }\n`,
      'assay.yaml',
      { AWS_KEY: 'SIMakidtest', AWS_SECRET: 'simSecret' },
    );
    const { snapshots } = await runCollectors({
      jobs: [a, b].map((p) => ({ collector: p.collector, config: config.sources.aws })),
      concurrency: 2,
      timeoutMs: 10_000,
      log: pino({ level: 'silent' }),
      now: () => new Date('2026-11-23T12:00:00Z'),
      resolveSecret: config.resolveSecret,
      onSnapshot: async () => {},
    });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    expect(a.sessions[0]!.credentials).toBe(b.sessions[0]!.credentials);
    const failed = snapshots.filter((s) => s.scope.id === '333333333333');
    expect(failed).toHaveLength(2);
    for (const s of failed)
      expect(new Set(Object.values(s.missing).map((m) => m.operation))).toEqual(new Set(['sts:AssumeRole']));
  });

  it('reports a refused organizations:ListAccounts against the account it runs in', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT });
    orgs.on(ListAccountsCommand).rejects(
      new AccessDeniedException({
        message: "You don't have permissions to access this resource.",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const { snapshots } = await runAwsCollector(
      probe().collector,
      `{ accounts: { mode: organization, roleName: AssayAudit }, credentials: ${CREDS} }`,
    );
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.scope.id).toBe(MGMT);
    expect(snapshots[0]!.missing['aws-iam.credentialReport']).toMatchObject({
      kind: 'error',
      operation: 'organizations:ListAccounts',
      message: "AccessDeniedException: You don't have permissions to access this resource.",
    });
  });

  it("default mode: one account, the caller's; a failed GetCallerIdentity fails the collector with a named cause", async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT });
    const p = probe();
    const { snapshots } = await runAwsCollector(p.collector, `{ accountConcurrency: 2 }`);
    expect(snapshots.map((s) => s.scope)).toEqual([{ kind: 'aws-account', id: MGMT }]);
    expect(p.sessions[0]!.credentials).toBeUndefined();

    sts.reset();
    sts.on(GetCallerIdentityCommand).rejects(
      new STSServiceException({
        name: 'ExpiredToken',
        $fault: 'client',
        message: 'The security token included in the request is expired',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const failed = await runAwsCollector(probe().collector, `{ credentials: ${CREDS} }`);
    expect(failed.snapshots[0]!.scope).toEqual({ kind: 'global', id: 'aws-iam' });
    expect(failed.snapshots[0]!.missing['aws-iam.accountSummary']!.message).toBe(
      'sts:GetCallerIdentity failed: ExpiredToken: The security token included in the request is expired',
    );
  });

  it('assumes roles in several accounts at once, up to accountConcurrency', async () => {
    sts.on(AssumeRoleCommand).resolves(creds('x'));
    const ids = ['222222222222', '333333333333', '444444444444', '555555555555', '666666666666'];
    const p = probe();
    await runAwsCollector(
      p.collector,
      `{ accounts: { mode: list, roleName: AssayAudit, accounts: [${ids.map((id) => `{ id: "${id}" }`).join(', ')}] }, accountConcurrency: 2, credentials: ${CREDS} }`,
    );
    expect(p.sessions).toHaveLength(5);
    expect(p.peak()).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { AwsSimError, errorResponse } from '../../sim/aws/aws-protocol.js';
import { demoConfig } from '../../src/cli/demo-config.js';
import { parseConfig, type Config } from '../../src/config/load-config.js';
import { collectorRegistry } from '../../collectors/index.js';
import { checkRegistry } from '../../checks/index.js';
import { runPipeline, type PipelineDeps } from '../../src/engine/run-pipeline.js';
import {
  beginShardedRun,
  collectShard,
  evaluateShardedRun,
  planShardedRun,
  shardedRunRef,
} from '../../src/engine/sharded-run.js';
import { planShards, type ShardPlan } from '../../src/engine/shard-plan.js';
import { openLocalStore } from '../../src/cli/open-store.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import type { Finding } from '../../src/model/finding.js';

const log = pino({ level: 'silent' });
const essence = (findings: readonly Finding[]) =>
  findings
    .map((f) => ({ key: f.key, status: f.status, message: f.message, scope: f.scope, resource: f.resource }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const ACCOUNT_COLLECTORS = ['aws-iam', 'aws-cloudtrail', 'aws-s3', 'aws-bedrock'];

describe('the sharded run', () => {
  let sim: SimulatedOrganization;
  let dir: string;
  /** The demo's config: AWS in organization mode (the accounts discovered through organizations:ListAccounts). */
  let organization: Config;
  /** The same with the accounts listed. */
  let listed: Config;
  const at = new Date();
  const clock = () => at;

  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 11, githubOrgs: 2, awsAccounts: 3, googleUsers: 40, now: at });
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-sharded-'));
    const { yaml, env } = demoConfig(sim);
    organization = parseConfig(yaml, path.join(dir, 'assay.yaml'), env);
    expect(organization.sources.aws?.accounts.mode).toBe('organization');
    const accounts = `accounts: { mode: list, roleName: ${sim.aws.roleName}, accounts: [${sim.aws.accounts.map((a) => `{ id: "${a.id}", name: "${a.name}" }`).join(', ')}] }`;
    const list = yaml.replace(/accounts: \{ mode: organization, roleName: [^}]+\}/, accounts);
    expect(list).not.toBe(yaml);
    listed = parseConfig(list, path.join(dir, 'assay.yaml'), env);
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const deps = (store: string): PipelineDeps => ({
    collectors: collectorRegistry(),
    checks: checkRegistry(),
    store: openLocalStore(path.join(dir, store)).store,
    log,
    clock,
    toolVersion: 'test',
  });

  /** Plans, collects every shard in its own call (reverse order: the order must not matter), then evaluates. */
  async function sharded(config: Config, store: string) {
    const d = deps(store);
    const { run, plan } = await planShardedRun(config, d);
    for (const s of [...plan.shards].reverse()) {
      const one = await collectShard(config, shardedRunRef(run.runId), s.id, {
        ...d,
        store: openLocalStore(path.join(dir, store)).store,
      });
      expect(one.shard).toBe(s.id);
    }
    return { plan, result: await evaluateShardedRun(config, run, d) };
  }

  it('plans one shard per GitHub organization, per account-level AWS collector and listed account, one for Identity Center and per Workspace collector', () => {
    const shards = planShards(listed, collectorRegistry(), [...sim.aws.accounts.map((a) => ({ ...a, direct: false }))]);
    const ids = shards.map((s) => s.id);
    const orgs = sim.github.orgs.map((o) => `github.${o.login}`);
    expect(ids).toEqual(expect.arrayContaining([...orgs, 'google-workspace']));
    for (const c of ACCOUNT_COLLECTORS)
      expect(ids.filter((id) => id.startsWith(`${c}.`))).toEqual(sim.aws.accounts.map((a) => `${c}.${a.id}`));
    // Identity Center reads the organization once: one shard with the whole AWS section, not one per account.
    expect(ids.filter((id) => id.startsWith('aws-identity-center'))).toEqual(['aws-identity-center']);
    expect(shards.find((s) => s.id === 'aws-identity-center')!.config).toEqual(listed.sources.aws);
    expect(new Set(ids).size).toBe(ids.length);
    // Without a list of accounts (accounts.mode: default) each AWS collector stays one shard.
    expect(
      planShards(listed, collectorRegistry())
        .filter((s) => s.collector.startsWith('aws-'))
        .map((s) => s.id),
    ).toEqual([...ACCOUNT_COLLECTORS, 'aws-identity-center']);
  });

  it('splits an organization into its accounts at plan time and stores the plan under the run', async () => {
    const d = deps('plan');
    const requests = sim.aws.server.total();
    const { run, plan } = await planShardedRun(organization, d);
    // sts:GetCallerIdentity and one organizations:ListAccounts page (3 accounts, 20 a page).
    expect(plan.requests).toBe(2);
    expect(sim.aws.server.total() - requests).toBe(2);
    const active = sim.aws.state.accounts.filter((a) => a.status === 'ACTIVE');
    const management = sim.aws.state.managementAccountId;
    for (const c of ACCOUNT_COLLECTORS) {
      const mine = plan.shards.filter((s) => s.collector === c);
      expect(mine.map((s) => s.id)).toEqual(active.map((a) => `${c}.${a.id}`));
      expect(mine.map((s) => s.scope)).toEqual(active.map((a) => ({ kind: 'aws-account', id: a.id, name: a.name })));
      for (const s of mine) {
        const accounts = (s.config as NonNullable<Config['sources']['aws']>).accounts;
        // The account assay runs in is read with its own credentials, as organization mode reads it; the others as a
        // list of one account, through the audit role.
        expect(accounts).toEqual(
          s.scope!.id === management
            ? { mode: 'default', name: s.scope!.name }
            : { mode: 'list', roleName: sim.aws.roleName, accounts: [{ id: s.scope!.id, name: s.scope!.name }] },
        );
      }
    }
    expect(plan.shards.filter((s) => s.collector === 'aws-identity-center').map((s) => s.id)).toEqual([
      'aws-identity-center',
    ]);
    const stored = JSON.parse(
      Buffer.from(await d.store.readArtifact(run.runId, 'plan.json')).toString('utf8'),
    ) as ShardPlan;
    expect(stored).toEqual(plan);
    const items = JSON.parse(Buffer.from(await d.store.readArtifact(run.runId, 'map-items.json')).toString('utf8'));
    expect(items).toEqual(plan.shards.map((s) => ({ runId: run.runId, shard: s.id })));
    expect(JSON.stringify(stored)).not.toContain(sim.aws.secretAccessKey);
    // Write-once: the same run cannot be planned over.
    await expect(
      d.store.beginRun(run.runId, new Date(run.startedAt)).add('plan.json', Buffer.from('{}'), 'application/json'),
    ).rejects.toThrow(/exists/);
  }, 60_000);

  it('fails the plan, storing nothing, when the organization cannot be listed', async () => {
    const res = errorResponse(
      'json',
      new AwsSimError('AccessDeniedException', "You don't have permissions to access this resource.", 400),
    );
    sim.aws.server.faults.inject('organizations:ListAccounts', {
      kind: 'status',
      status: 400,
      text: JSON.stringify(res.json),
      ...(res.headers ? { headers: res.headers } : {}),
    });
    try {
      const d = deps('denied');
      await expect(planShardedRun(organization, d)).rejects.toThrow(
        /the plan cannot split the organization's accounts: organizations:ListAccounts failed: .*AccessDenied/,
      );
      expect(await d.store.blobs.list('runs/')).toEqual([]);
    } finally {
      sim.aws.server.faults.clear('organizations:ListAccounts');
    }
  }, 60_000);

  it('yields exactly the findings of the single-process run in organization mode, and a run that verifies', async () => {
    const single = await runPipeline(organization, deps('org-single'));
    const { plan, result } = await sharded(organization, 'org-sharded');

    expect(result.findings.length).toBeGreaterThan(100);
    expect(result.findings.filter((f) => f.scope.kind === 'aws-account').length).toBeGreaterThan(30);
    expect(essence(result.findings)).toEqual(essence(single.findings));
    expect(result.manifest.summary).toEqual(single.manifest.summary);
    expect(result.manifest.collectors.map((c) => c.collector).sort()).toEqual(
      single.manifest.collectors.map((c) => c.collector).sort(),
    );
    const paths = result.manifest.artifacts.map((a) => a.path);
    expect(paths).toEqual(expect.arrayContaining(['plan.json', 'map-items.json']));
    expect(paths.filter((p) => p.startsWith('shards/'))).toHaveLength(plan.shards.length);
    // One Identity Center snapshot, as the single run has, not one per account shard.
    const ic = (m: typeof result.manifest) =>
      m.artifacts.filter((a) => a.path.startsWith('snapshots/aws-identity-center'));
    expect(ic(result.manifest).map((a) => a.path)).toEqual(ic(single.manifest).map((a) => a.path));
    expect(await verifyEvidence(openLocalStore(path.join(dir, 'org-sharded')).blobs)).toMatchObject({
      ok: true,
      runs: 1,
    });
  }, 300_000);

  it('yields exactly the findings of the single-process run with the accounts listed', async () => {
    const single = await runPipeline(listed, deps('list-single'));
    const { plan, result } = await sharded(listed, 'list-sharded');
    expect(plan.requests).toBe(0);
    expect(result.findings.length).toBeGreaterThan(100);
    expect(essence(result.findings)).toEqual(essence(single.findings));
    expect(result.manifest.summary).toEqual(single.manifest.summary);
    expect(await verifyEvidence(openLocalStore(path.join(dir, 'list-sharded')).blobs)).toMatchObject({ ok: true });
  }, 300_000);

  it('turns a planned shard that never reported into errors for its scope, never a pass', async () => {
    const store = deps('missing');
    const { run, plan } = await planShardedRun(organization, store);
    const member = plan.shards.find(
      (s) => s.collector === 'aws-iam' && s.scope!.id !== sim.aws.state.managementAccountId,
    )!;
    const lost = [member.id, `github.${sim.github.orgs[1]!.login}`];
    for (const s of plan.shards.filter((x) => !lost.includes(x.id))) await collectShard(organization, run, s.id, store);
    const result = await evaluateShardedRun(organization, run, store);

    const there = result.findings.filter((f) => f.scope.id === sim.github.orgs[1]!.login);
    expect(there.length).toBeGreaterThan(5);
    expect(new Set(there.map((f) => f.status))).toEqual(new Set(['error']));
    expect(there[0]!.message).toContain(`shard github.${sim.github.orgs[1]!.login} did not store its collection`);
    const iam = result.findings.filter((f) => f.scope.id === member.scope!.id && f.checkId.startsWith('aws-iam-'));
    expect(iam.length).toBeGreaterThan(3);
    expect(new Set(iam.map((f) => f.status))).toEqual(new Set(['error']));
    expect(iam[0]!.message).toContain(`shard ${member.id} did not store its collection`);
    // The account's other collectors reported: their checks are judged.
    const s3 = result.findings.filter((f) => f.scope.id === member.scope!.id && f.checkId.startsWith('aws-s3-'));
    expect(s3.filter((f) => f.status !== 'error').length).toBeGreaterThan(0);
    const other = result.findings.filter((f) => f.scope.id === sim.github.orgs[0]!.login);
    expect(other.filter((f) => f.status !== 'error').length).toBeGreaterThan(5);
    expect(await verifyEvidence(openLocalStore(path.join(dir, 'missing')).blobs)).toMatchObject({ ok: true });
  }, 300_000);

  it('does a retried shard once, and refuses a shard the plan does not have, an unplanned run and a changed config', async () => {
    const store = deps('retry');
    const { run } = await planShardedRun(organization, store);
    const id = `github.${sim.github.orgs[0]!.login}`;
    const first = await collectShard(organization, run, id, store);
    const requests = sim.github.server.total();
    expect(await collectShard(organization, run, id, store)).toEqual(first);
    expect(sim.github.server.total()).toBe(requests);
    await expect(collectShard(organization, run, 'github.nope', store)).rejects.toThrow(
      new RegExp(`shard 'github.nope' is not in the plan of run ${run.runId}`),
    );
    const unplanned = beginShardedRun(at);
    await expect(collectShard(organization, unplanned, id, store)).rejects.toThrow(
      new RegExp(`run ${unplanned.runId} has no plan at runs/${unplanned.runId}/plan.json`),
    );
    await expect(evaluateShardedRun(organization, unplanned, store)).rejects.toThrow(/has no plan/);
    const changed = { ...organization, digest: 'sha256:other' };
    await expect(collectShard(changed, run, id, store)).rejects.toThrow(
      new RegExp(`changed since run ${run.runId} was planned`),
    );
    expect(() => shardedRunRef('latest')).toThrow(/--run: expected a run id/);
  }, 60_000);
});

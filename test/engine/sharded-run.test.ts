import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { demoConfig } from '../../src/cli/demo-config.js';
import { parseConfig, type Config } from '../../src/config/load-config.js';
import { collectorRegistry } from '../../collectors/index.js';
import { checkRegistry } from '../../checks/index.js';
import { runPipeline, type PipelineDeps } from '../../src/engine/run-pipeline.js';
import {
  beginShardedRun,
  collectShard,
  evaluateShardedRun,
  planShards,
  shardedRunRef,
} from '../../src/engine/sharded-run.js';
import { openLocalStore } from '../../src/cli/open-store.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import type { Finding } from '../../src/model/finding.js';

const log = pino({ level: 'silent' });
const essence = (findings: readonly Finding[]) =>
  findings
    .map((f) => ({ key: f.key, status: f.status, message: f.message }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

describe('the sharded run', () => {
  let sim: SimulatedOrganization;
  let dir: string;
  let config: Config;
  const at = new Date();
  const clock = () => at;

  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 11, githubOrgs: 2, awsAccounts: 3, googleUsers: 40, now: at });
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-sharded-'));
    const { yaml, env } = demoConfig(sim);
    // Listed accounts, so AWS is sharded per account as well as per collector.
    const accounts = `accounts: { mode: list, roleName: ${sim.aws.roleName}, accounts: [${sim.aws.accounts.map((a) => `{ id: "${a.id}" }`).join(', ')}] }`;
    const listed = yaml.replace(/accounts: \{ mode: organization, roleName: [^}]+\}/, accounts);
    expect(listed).not.toBe(yaml);
    config = parseConfig(listed, path.join(dir, 'assay.yaml'), env);
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

  it('plans one shard per GitHub organization, per AWS collector and listed account, and per Workspace collector', () => {
    const ids = planShards(config, collectorRegistry()).map((s) => s.id);
    const orgs = sim.github.orgs.map((o) => `github.${o.login}`);
    expect(ids).toEqual(expect.arrayContaining([...orgs, 'google-workspace']));
    for (const c of ['aws-iam', 'aws-cloudtrail', 'aws-s3', 'aws-bedrock'])
      expect(ids.filter((id) => id.startsWith(`${c}.`))).toEqual(sim.aws.accounts.map((a) => `${c}.${a.id}`));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('yields exactly the findings of the single-process run, and a run that verifies', async () => {
    const single = await runPipeline(config, deps('single'));

    const sharded = deps('sharded');
    const run = shardedRunRef(beginShardedRun(at).runId);
    const shards = planShards(config, collectorRegistry());
    // Each shard on its own, as separate Lambda invocations would (reverse order: the order must not matter).
    for (const s of [...shards].reverse()) {
      const one = await collectShard(config, run, s.id, {
        ...sharded,
        store: openLocalStore(path.join(dir, 'sharded')).store,
      });
      expect(one.shard).toBe(s.id);
    }
    const result = await evaluateShardedRun(config, run, sharded);

    expect(result.runId).toBe(run.runId);
    expect(result.findings.length).toBeGreaterThan(100);
    expect(essence(result.findings)).toEqual(essence(single.findings));
    expect(result.manifest.summary).toEqual(single.manifest.summary);
    expect(result.manifest.collectors.map((c) => c.collector).sort()).toEqual(
      single.manifest.collectors.map((c) => c.collector).sort(),
    );
    const shardFiles = result.manifest.artifacts.filter((a) => a.path.startsWith('shards/'));
    expect(shardFiles).toHaveLength(shards.length);
    expect(await verifyEvidence(openLocalStore(path.join(dir, 'sharded')).blobs)).toMatchObject({ ok: true, runs: 1 });
  }, 120_000);

  it('turns a shard that never reported into errors for its scope, never a pass', async () => {
    const store = deps('missing');
    const run = beginShardedRun(at);
    const github = { ...config, sources: { github: config.sources.github } };
    const shards = planShards(github, collectorRegistry());
    const lost = shards.find((s) => s.id === `github.${sim.github.orgs[1]!.login}`)!;
    for (const s of shards.filter((x) => x !== lost)) await collectShard(github, run, s.id, store);
    const result = await evaluateShardedRun(github, run, store);
    const there = result.findings.filter((f) => f.scope.id === sim.github.orgs[1]!.login);
    expect(there.length).toBeGreaterThan(5);
    expect(new Set(there.map((f) => f.status))).toEqual(new Set(['error']));
    expect(there[0]!.message).toContain(`shard ${lost.id} did not store its collection`);
    const other = result.findings.filter((f) => f.scope.id === sim.github.orgs[0]!.login);
    expect(other.filter((f) => f.status !== 'error').length).toBeGreaterThan(5);
    expect(await verifyEvidence(openLocalStore(path.join(dir, 'missing')).blobs)).toMatchObject({ ok: true });
  }, 120_000);

  it('does a retried shard once, and refuses a shard the plan does not have', async () => {
    const store = deps('retry');
    const run = beginShardedRun(at);
    const id = `github.${sim.github.orgs[0]!.login}`;
    const first = await collectShard(config, run, id, store);
    const requests = sim.github.server.total();
    expect(await collectShard(config, run, id, store)).toEqual(first);
    expect(sim.github.server.total()).toBe(requests);
    await expect(collectShard(config, run, 'github.nope', store)).rejects.toThrow(
      /shard 'github.nope' is not in the plan/,
    );
    expect(() => shardedRunRef('latest')).toThrow(/--run: expected a run id/);
  }, 60_000);
});

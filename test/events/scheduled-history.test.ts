import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { parseConfig } from '../../src/config/load-config.js';
import { runEvent } from '../../src/events/run-event.js';
import { lastScheduledRun } from '../../src/events/scheduled-base.js';
import { checkRegistry } from '../../checks/index.js';
import { createHandler } from '../../src/lambda.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { runWithConfig } from '../support/sim-run.js';
import { breakGlassAssumed, loggingStopped } from './eventbridge-fixtures.js';

const AWS_ONLY = `version: 1
log: { level: silent }
evidence: { path: ./evidence }
sources:
  aws:
    cloudtrail: { breakGlassRoles: [BreakGlass] }
`;

describe('scheduled runs and event runs share one chain', () => {
  let sim: SimulatedOrganization;
  let dir: string;
  let store: EvidenceStore;
  beforeAll(async () => {
    sim = await startSimulatedOrganization({
      seed: 5,
      githubOrgs: 1,
      membersPerOrg: 10,
      reposPerOrg: 12,
      awsAccounts: 1,
      awsUsersPerAccount: 3,
      googleUsers: 40,
    });
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-events-'));
    store = new EvidenceStore(new FsBlobStore(path.join(dir, 'evidence')));
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("computes a scheduled run's history against the previous scheduled run, not the event run between", async () => {
    const github = `version: 1
sources:
  github:
    baseUrl: ${sim.github.baseUrl}
    auth: { token: { env: GH } }
    orgs: [${sim.github.orgs[0]!.login}]
    retries: 1
`;
    const env = { GH: sim.github.token };
    const first = await runWithConfig(github, env, store);
    expect(first.changes.new.length).toBeGreaterThan(0);
    const deps = { checks: checkRegistry(), store, log: pino({ level: 'silent' }), toolVersion: 'test' };
    const ev = await runEvent(parseConfig(AWS_ONLY, path.join(dir, 'assay.yaml'), {}), breakGlassAssumed, deps);
    if ('skipped' in ev) throw new Error(ev.skipped);
    expect(ev.manifest.sequence).toBe(2);
    expect((await lastScheduledRun(store, await store.head())).head?.manifest.runId).toBe(first.runId);

    const second = await runWithConfig(github, env, store);
    expect(second.manifest.sequence).toBe(3);
    expect(second.manifest.previous?.runId).toBe(ev.runId);
    // Against the event run (one AWS finding) every GitHub failure would be "new"; against the first run none is.
    expect(second.changes.new).toEqual([]);
    const firstNew = new Set(first.changes.new.map((f) => f.key));
    const carried = second.findings.filter((f) => f.lifecycle === 'still_failing');
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.filter((f) => !firstNew.has(f.key))).toEqual([]);
    expect(await verifyEvidence(store.blobs)).toMatchObject({ ok: true, runs: 3 });
  }, 60_000);

  it('the Lambda handler routes a CloudTrail event from EventBridge to the event path', async () => {
    const file = path.join(dir, 'lambda.yaml');
    await writeFile(file, AWS_ONLY);
    const h = createHandler({ env: { ASSAY_CONFIG: file } });
    const out = (await h(loggingStopped)) as { runId: string; sequence: number; summary: { fail: number } };
    expect(out).toMatchObject({ sequence: 4, summary: { fail: 1 } });
    const head = await store.head();
    expect(head?.manifest).toMatchObject({ runId: out.runId, mode: 'event' });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { failing, githubConfig, planted, runWithConfig, tempStore, type TempStore } from '../support/sim-run.js';

const CHECKS = ['github-org-2fa-required', 'github-members-2fa-enabled'];

const config = (sim: SimulatedOrganization) => githubConfig(sim, { timeoutSeconds: 20, requestTimeoutSeconds: 1 });

describe('the run pipeline on the simulated organization', () => {
  let sim: SimulatedOrganization;
  let t: TempStore;
  const env = () => ({ GH: sim.github.token });

  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 7 });
  });
  afterAll(async () => sim.stop());
  afterEach(async () => {
    sim.github.server.faults.clear();
    await t.cleanup();
  });

  it('flags exactly the planted violations, stores a verifiable run, and records the API calls', async () => {
    t = await tempStore();
    const result = await runWithConfig(config(sim), env(), t.store);
    expect(planted(sim.truth, CHECKS).length).toBeGreaterThan(0);
    expect(failing(result.findings, CHECKS)).toEqual(planted(sim.truth, CHECKS));
    expect(result.findings.filter((f) => f.status === 'error' && CHECKS.includes(f.checkId))).toEqual([]);
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 1, problems: [] });

    const snapPath = path.join(
      t.dir,
      'runs',
      result.runId,
      'snapshots',
      'github',
      `github-org-${sim.github.orgs[0]!.login}.json.gz`,
    );
    const snap = JSON.parse(gunzipSync(await readFile(snapPath)).toString('utf8')) as {
      calls: Array<{ operation: string; ok: boolean; requests: number }>;
    };
    const foundation = [
      'GET /orgs/{org}',
      'GET /orgs/{org}/members',
      'GET /orgs/{org}/members?filter=2fa_disabled',
      'GET /orgs/{org}/members?role=admin',
    ];
    const calls = snap.calls.filter((c) => foundation.includes(c.operation));
    expect(calls.map((c) => c.operation).sort()).toEqual([...foundation].sort());
    expect(calls.every((c) => c.ok && c.requests >= 1)).toBe(true);
    const recorded = result.manifest.collectors.find((c) => c.collector === 'github')!.requests;
    expect(recorded).toBe(sim.github.server.total());
  });

  it.each([500, 403])(
    'reports error, never pass, for the 2FA checks when the members route answers %i',
    async (status) => {
      t = await tempStore();
      sim.github.server.faults.inject('GET /orgs/{org}/members', {
        kind: 'status',
        status,
        body: { message: status === 403 ? 'Must have admin rights to Repository.' : 'Server Error' },
      });
      const result = await runWithConfig(config(sim), env(), t.store);
      const member = result.findings.filter((f) => f.checkId === 'github-members-2fa-enabled');
      expect(member.length).toBe(sim.github.orgs.length);
      expect(member.map((f) => f.status)).toEqual(member.map(() => 'error'));
      expect(member[0]!.message).toMatch(/^Could not evaluate: GET \/orgs\/\{org\}\/members.* failed \(/);
      // The org check does not need the members route and still evaluates.
      expect(
        result.findings.filter((f) => f.checkId === 'github-org-2fa-required').every((f) => f.status !== 'error'),
      ).toBe(true);
      expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true });
    },
  );

  it('waits out a 429 with Retry-After and succeeds', async () => {
    t = await tempStore();
    sim.github.server.faults.inject('GET /orgs/{org}', { kind: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
    const result = await runWithConfig(config(sim), env(), t.store);
    expect(failing(result.findings, CHECKS)).toEqual(planted(sim.truth, CHECKS));
    expect(result.findings.filter((f) => f.status === 'error' && CHECKS.includes(f.checkId))).toEqual([]);
  });

  it('turns a hung route into an error once the request time limit passes, and the run completes', async () => {
    t = await tempStore();
    sim.github.server.faults.inject('GET /orgs/{org}', { kind: 'hang' });
    const result = await runWithConfig(config(sim), env(), t.store);
    const org = result.findings.filter((f) => f.checkId === 'github-org-2fa-required');
    expect(org.map((f) => f.status)).toEqual(org.map(() => 'error'));
    expect(org[0]!.message).toMatch(/^Could not evaluate: GET \/orgs\/\{org\} failed/);
    expect(failing(result.findings, ['github-members-2fa-enabled'])).toEqual(
      planted(sim.truth, ['github-members-2fa-enabled']),
    );
  });

  it('treats a malformed body as an error', async () => {
    t = await tempStore();
    sim.github.server.faults.inject('GET /orgs/{org}', { kind: 'malformed' });
    const result = await runWithConfig(config(sim), env(), t.store);
    expect(result.findings.filter((f) => f.checkId === 'github-org-2fa-required').map((f) => f.status)).toEqual(
      sim.github.orgs.map(() => 'error'),
    );
  });

  it('marks findings new, then still failing, and chains the second run to the first', async () => {
    t = await tempStore();
    const first = await runWithConfig(config(sim), env(), t.store);
    const second = await runWithConfig(config(sim), env(), t.store);
    const fails = (r: typeof first) => r.findings.filter((f) => f.status === 'fail');
    expect(fails(first).every((f) => f.lifecycle === 'new')).toBe(true);
    expect(fails(second).every((f) => f.lifecycle === 'still_failing')).toBe(true);
    expect(second.manifest.previous).toMatchObject({ sequence: 1, runId: first.runId });
    expect(second.changes.new).toEqual([]);
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 2 });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { GITHUB_ROUTES } from '../../sim/github/github-routes.js';
import { GITHUB_GRAPHQL_ROUTE } from '../../sim/github/github-graphql-route.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { allChecks } from '../../checks/index.js';
import { failing, githubConfig, planted, runWithConfig, type TempStore, tempStore } from '../support/sim-run.js';

const GITHUB_CHECKS = allChecks.filter((c) => c.requires.every((k) => k.startsWith('github.'))).map((c) => c.id);
const MEMBER_CHECKS = ['github-members-2fa-enabled', 'github-members-no-sms-2fa', 'github-org-owner-count'];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('the GitHub source on the simulated organization', () => {
  let sim: SimulatedOrganization;
  let t: TempStore;
  const config = () => githubConfig(sim, { timeoutSeconds: 60, requestTimeoutSeconds: 5 });
  const run = (log?: pino.Logger) => runWithConfig(config(), { GH: sim.github.token }, t.store, log ? { log } : {});

  beforeAll(async () => {
    // 130 repositories per organization: the GraphQL and REST repository lists take two pages each.
    sim = await startSimulatedOrganization({ seed: 7, reposPerOrg: 130 });
  });
  afterAll(() => sim.stop());
  afterEach(async () => {
    sim.github.server.faults.clear();
    sim.github.server.resetCounts();
    await t.cleanup();
  });

  it('flags exactly the planted violations of every GitHub check, with no errors, in a run that verifies', async () => {
    t = await tempStore();
    const result = await run();
    expect(GITHUB_CHECKS).toHaveLength(12);
    for (const id of GITHUB_CHECKS) expect(planted(sim.truth, [id]).length, id).toBeGreaterThan(0);
    expect(failing(result.findings, GITHUB_CHECKS)).toEqual(planted(sim.truth, GITHUB_CHECKS));
    const github = result.findings.filter((f) => GITHUB_CHECKS.includes(f.checkId));
    expect(github.filter((f) => f.status === 'error')).toEqual([]);
    // A private repository whose plan lacks Secret Protection fails, naming the product: nothing is not applicable.
    expect(github.filter((f) => f.status === 'not_applicable')).toEqual([]);
    const lacking = github.filter((f) => f.status === 'fail' && /needs GitHub Secret Protection/.test(f.message));
    expect(new Set(lacking.map((f) => f.checkId))).toEqual(
      new Set(['github-repos-secret-scanning-enabled', 'github-repos-push-protection-enabled']),
    );
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, problems: [] });
    expect(result.manifest.collectors.find((c) => c.collector === 'github')!.requests).toBe(sim.github.server.total());
    expect(sim.github.server.counts()[GITHUB_GRAPHQL_ROUTE]).toBeGreaterThanOrEqual(2 * 2); // two pages per org
  });

  it.each([500, 403])(
    'reports error, never pass, for the checks that need the member lists when that route answers %i',
    async (status) => {
      t = await tempStore();
      sim.github.server.faults.inject(GITHUB_ROUTES.members, {
        kind: 'status',
        status,
        body: {
          message: status === 403 ? 'Must have admin rights to Repository.' : 'Server Error',
          documentation_url: 'https://docs.github.com/rest',
        },
      });
      const result = await run();
      const affected = result.findings.filter((f) => MEMBER_CHECKS.includes(f.checkId));
      expect(affected).toHaveLength(MEMBER_CHECKS.length * sim.github.orgs.length);
      expect(new Set(affected.map((f) => f.status))).toEqual(new Set(['error']));
      expect(affected[0]!.message).toMatch(/^Could not evaluate: GET \/orgs\/\{org\}\/members.* failed \(/);
      const others = GITHUB_CHECKS.filter((id) => !MEMBER_CHECKS.includes(id));
      expect(failing(result.findings, others)).toEqual(planted(sim.truth, others));
    },
  );

  it('waits out a secondary rate limit (429 with Retry-After) on REST and on GraphQL, and succeeds', async () => {
    t = await tempStore();
    sim.github.server.faults.inject(GITHUB_ROUTES.members, { kind: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
    sim.github.server.faults.inject(GITHUB_GRAPHQL_ROUTE, { kind: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
    const result = await run();
    expect(failing(result.findings, GITHUB_CHECKS)).toEqual(planted(sim.truth, GITHUB_CHECKS));
    expect(result.findings.filter((f) => f.status === 'error' && GITHUB_CHECKS.includes(f.checkId))).toEqual([]);
  });

  it('never lets a planted secret value reach a snapshot, finding, report or log line', async () => {
    t = await tempStore();
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const result = await run(pino({ level: 'trace' }, sink));
    const secrets = Object.values(sim.github.state.code).flatMap((c) => c.alerts.map((a) => a.secret));
    expect(secrets.length).toBeGreaterThan(3);
    expect(failing(result.findings, ['github-secret-alerts-within-sla']).length).toBeGreaterThan(0);
    const texts = [lines.join(''), JSON.stringify(result)];
    for (const file of await filesUnder(t.dir)) {
      const bytes = await readFile(file);
      texts.push((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
    }
    expect(texts.length).toBeGreaterThan(4);
    for (const secret of secrets) for (const text of texts) expect(text.includes(secret)).toBe(false);
    expect(texts.some((x) => x.includes('SIMFAKE-'))).toBe(false);
  });
});

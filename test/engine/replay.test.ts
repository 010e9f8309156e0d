import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { collectorRegistry } from '../../collectors/index.js';
import { checkRegistry } from '../../checks/index.js';
import { bufferOutput } from '../../src/cli/output.js';
import { replayCommand } from '../../src/cli/replay-command.js';
import { main } from '../../src/cli/main.js';
import { UsageError } from '../../src/errors.js';
import { parseConfig } from '../../src/config/load-config.js';
import { findRun, replayRun } from '../../src/engine/replay.js';
import { runPipeline, type RunResult } from '../../src/engine/run-pipeline.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';
import { encodeManifest, sha256Hex } from '../../src/evidence/manifest-codec.js';
import { chainKey } from '../../src/evidence/store-layout.js';
import type { AnyCheck } from '../../src/model/check.js';
import type { GithubPullRequests } from '../../src/model/datasets/github-pull-requests.js';
import type { Manifest } from '../../src/model/run.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { generateGithub } from '../../sim/github/generate-github.js';
import { startGithubSim, type GithubSim } from '../../sim/github/github-sim.js';
import { Random } from '../../sim/random.js';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describe('assay replay', () => {
  let sim: GithubSim;
  let org: string;
  let dir: string;
  let result: RunResult;
  const copies: string[] = [];
  const storeAt = (d: string) => new EvidenceStore(new FsBlobStore(d));
  const replayIn = async (d: string, run = String(result.manifest.sequence)) => {
    const out = bufferOutput();
    const code = await replayCommand({ store: d, run }, {}, out);
    return { code, text: out.text() };
  };
  /** A copy of the store where `change` edits the org's snapshot; `rehash` updates the manifest to match it. */
  const copyWithSnapshot = async (change: (s: Snapshot) => void, rehash: boolean): Promise<string> => {
    const copy = await mkdtemp(path.join(os.tmpdir(), 'assay-replay-copy-'));
    copies.push(copy);
    await cp(dir, copy, { recursive: true });
    const m = result.manifest;
    const artifact = m.artifacts.find((a) => a.path === `snapshots/github/github-org-${org}.json.gz`)!;
    const file = path.join(copy, 'runs', m.runId, artifact.path);
    const snap = JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as Snapshot;
    change(snap);
    const body = gzipSync(JSON.stringify(snap));
    await writeFile(file, body);
    if (rehash) {
      const { digest: _digest, ...rest } = m;
      const manifest: Omit<Manifest, 'digest'> = {
        ...rest,
        artifacts: m.artifacts.map((a) => (a === artifact ? { ...a, sha256: sha256Hex(body), size: body.length } : a)),
      };
      await writeFile(path.join(copy, chainKey(m.sequence)), encodeManifest(manifest));
    }
    return copy;
  };

  beforeAll(async () => {
    const state = generateGithub(new Random(17), { orgs: 1, membersPerOrg: 10, reposPerOrg: 12 });
    org = state.orgs[0]!.login;
    sim = await startGithubSim(state);
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-replay-'));
    const config = parseConfig(
      `version: 1\nsources:\n  github:\n    baseUrl: ${sim.baseUrl}\n    auth: { token: { env: GH } }\n    orgs: [${org}]\n    retries: 0\n    requestTimeoutSeconds: 20\n`,
      'assay.yaml',
      { GH: sim.token },
    );
    result = await runPipeline(config, {
      collectors: collectorRegistry(),
      checks: checkRegistry(),
      store: storeAt(dir),
      log: pino({ level: 'silent' }),
      toolVersion: 'test',
      exceptions: {
        file: 'exceptions.yaml',
        sha256: 'f'.repeat(64),
        entries: [
          {
            id: 'legacy-merges',
            check: 'github-prs-reviewed-before-merge',
            resource: '*',
            justification: 'Merges before the review rule was rolled out; reviewed after the fact in SEC-9.',
            approvedBy: 'ciso@example.com',
            approvedOn: day(-1),
            expires: day(30),
            ticket: 'https://tracker.example/SEC-9',
          },
        ],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await sim.server.close();
    for (const d of [dir, ...copies]) await rm(d, { recursive: true, force: true });
  });

  it('reproduces every finding of a stored run, excepted ones included, and says so', async () => {
    expect(result.findings.filter((f) => f.status === 'excepted').length).toBeGreaterThan(0);
    const replay = await replayRun(storeAt(dir), result.manifest, checkRegistry());
    expect(replay.differences).toEqual([]);
    expect(replay.excluded).toEqual([]);
    expect(replay.compared).toBe(result.findings.length);
    expect(replay.snapshots).toBe(1);
    const { code, text } = await replayIn(dir, result.runId);
    expect(code).toBe(0);
    expect(text).toBe(
      `✔ ${result.findings.length} findings reproduced from the stored evidence (1 snapshots of run #1 ${result.runId}, ${result.manifest.artifacts.length} artifacts verified against its manifest).`,
    );
  });

  it('is a usage error without exactly one run, or naming a run the store does not hold', async () => {
    await expect(main(['replay', '--store', dir], {}, bufferOutput())).rejects.toThrow(UsageError);
    await expect(main(['replay', '7', '--store', dir], {}, bufferOutput())).rejects.toThrow(
      'assay replay: no committed run 7 (a run id or chain sequence; `assay evidence list` shows them)',
    );
  });

  it('leaves out, naming them, the checks whose version changed since the run', async () => {
    const checks = new Map(checkRegistry());
    const changed = { ...checks.get('github-org-2fa-required')!, version: 2 } as AnyCheck;
    checks.set(changed.id, changed);
    const replay = await replayRun(storeAt(dir), await findRun(storeAt(dir), '1'), checks);
    expect(replay.excluded).toEqual([
      { checkId: 'github-org-2fa-required', storedVersion: 1, currentVersion: 2, findings: 1 },
    ]);
    expect(replay.differences).toEqual([]);
    expect(replay.compared).toBe(result.findings.length - 1);
  });

  it('refuses a run whose snapshot no longer matches its hash, naming the file', async () => {
    const copy = await copyWithSnapshot((s) => void (s.collectedAt = new Date(0).toISOString()), false);
    const { code, text } = await replayIn(copy);
    expect(code).toBe(1);
    expect(text).toMatch(
      new RegExp(
        `^✘ runs/${result.runId}/snapshots/github/github-org-${org}\\.json\\.gz: sha256 [0-9a-f]{64} \\(\\d+ bytes\\) differs from the manifest's [0-9a-f]{64} \\(\\d+ bytes\\); the stored evidence was changed, so nothing is replayed$`,
      ),
    );
  });

  it('names each finding that a snapshot replaced consistently (re-hashed, manifest rewritten) no longer reproduces', async () => {
    let pr = '';
    const copy = await copyWithSnapshot((s) => {
      (s.data['github.org'] as { two_factor_requirement_enabled: boolean }).two_factor_requirement_enabled = true;
      const prs = (s.data['github.pullRequests'] as GithubPullRequests).pullRequests;
      const reviewed = prs.find((p) => p.approvals.length > 0 && p.author?.type === 'User')!;
      reviewed.approvals = [];
      pr = `${reviewed.repository}#${reviewed.number}`;
    }, true);
    const replay = await replayRun(storeAt(copy), await findRun(storeAt(copy), result.runId), checkRegistry());
    expect(replay.differences.map((d) => [d.key, d.kind])).toEqual(
      [
        [`github-org-2fa-required|github-org:${org}|github-org:${org}`, 'changed'],
        [`github-prs-reviewed-before-merge|github-org:${org}|github-pull-request:${pr}`, 'extra'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const org2fa = replay.differences.find((d) => d.checkId === 'github-org-2fa-required')!;
    expect(org2fa.fields.map((f) => [f.field, f.stored, f.replayed])).toEqual([
      ['status', 'fail', 'pass'],
      ['message', expect.any(String), expect.any(String)],
    ]);
    const { code, text } = await replayIn(copy);
    expect(code).toBe(1);
    const lines = text.split('\n');
    expect(lines).toContain(
      `✘ github-prs-reviewed-before-merge|github-org:${org}|github-pull-request:${pr}: produced from the stored snapshots, but not stored`,
    );
    expect(
      lines.some((l) =>
        l.startsWith(
          `✘ github-org-2fa-required|github-org:${org}|github-org:${org}: status stored "fail", replayed "pass"; message stored "`,
        ),
      ),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(
      /^✘ 2 findings differ from the stored evidence \(\d+ stored findings compared; 1 snapshots of run #1 /,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSimulatedOrganization, type SimulatedOrganization } from '../sim/organization.js';
import { createHandler, defaultRoutes, handler, type LambdaRoute } from '../src/lambda.js';
import { verifyEvidence } from '../src/evidence/verify.js';
import { FsBlobStore } from '../src/evidence/fs-blob-store.js';
import { UsageError } from '../src/errors.js';

type RunOut = { runId: string; sequence: number; summary: Record<string, number> };

describe('lambda handler', () => {
  let sim: SimulatedOrganization;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 3 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-lambda-'));
    file = path.join(dir, 'assay.yaml');
    await writeFile(
      file,
      `version: 1
log: { level: silent }
evidence: { path: ./evidence }
sources:
  github:
    baseUrl: ${sim.github.baseUrl}
    auth: { token: { env: LAMBDA_GH_TOKEN } }
    orgs: [${sim.github.orgs[0]!.login}]
`,
    );
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the same pipeline as `assay run` from the config named by ASSAY_CONFIG', async () => {
    vi.stubEnv('ASSAY_CONFIG', file);
    vi.stubEnv('LAMBDA_GH_TOKEN', sim.github.token);
    const out = (await handler()) as RunOut;
    expect(out.sequence).toBe(1);
    expect(out.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(out.summary.fail).toBeGreaterThan(0);
    expect(await verifyEvidence(new FsBlobStore(path.join(dir, 'evidence')))).toMatchObject({ ok: true, runs: 1 });
  });

  it('runs on an EventBridge scheduled event and on {"action":"run"}, chaining onto the earlier run', async () => {
    const env = { ASSAY_CONFIG: file, LAMBDA_GH_TOKEN: sim.github.token };
    const h = createHandler({ env });
    const scheduled = { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', detail: {} };
    expect(((await h(scheduled)) as RunOut).sequence).toBe(2);
    expect(((await h({ action: 'run' })) as RunOut).sequence).toBe(3);
    expect(await verifyEvidence(new FsBlobStore(path.join(dir, 'evidence')))).toMatchObject({ ok: true, runs: 3 });
  });

  it('refuses an event no route claims before reading any config', async () => {
    const h = createHandler({ env: { ASSAY_CONFIG: path.join(dir, 'absent.yaml') } });
    await expect(h({ Records: [{ eventSource: 'aws:s3' }] })).rejects.toThrow(UsageError);
    await expect(h({ action: 'destroy' })).rejects.toThrow(/no route for this event \(keys: action\)/);
  });

  it('dispatches on event shape to added routes, with the loaded config', async () => {
    const seen: string[] = [];
    const route: LambdaRoute = {
      name: 'echo',
      matches: (e) => (e as { kind?: string } | undefined)?.kind === 'echo',
      handle: (_e, ctx) => {
        seen.push(ctx.config.sources.github!.orgs[0]!);
        return Promise.resolve('ok');
      },
    };
    const h = createHandler({ env: { ASSAY_CONFIG: file, LAMBDA_GH_TOKEN: 'x' }, routes: [route, ...defaultRoutes] });
    expect(await h({ kind: 'echo' })).toBe('ok');
    expect(seen).toEqual([sim.github.orgs[0]!.login]);
  });

  it('runs the fan-out steps: plan, one collection per shard, evaluate', async () => {
    const evidence = path.join(dir, 'sharded');
    const env = {
      ASSAY_CONFIG_TEXT: `version: 1\nlog: { level: silent }\nevidence: { path: ${evidence} }\nsources:\n  github:\n    baseUrl: ${sim.github.baseUrl}\n    auth: { token: { env: LAMBDA_GH_TOKEN } }\n    orgs: [${sim.github.orgs.map((o) => o.login).join(', ')}]\n`,
      LAMBDA_GH_TOKEN: sim.github.token,
    };
    const h = createHandler({ env });
    const plan = (await h({ action: 'shards.plan' })) as {
      runId: string;
      items: Array<{ runId: string; shard: string }>;
    };
    expect(plan.items.map((i) => i.shard)).toEqual(sim.github.orgs.map((o) => `github.${o.login}`));
    for (const item of plan.items) await h({ action: 'shards.collect', ...item });
    const out = (await h({ action: 'shards.evaluate', runId: plan.runId })) as RunOut;
    expect(out).toMatchObject({ runId: plan.runId, sequence: 1 });
    expect(out.summary.fail).toBeGreaterThan(0);
    expect(await verifyEvidence(new FsBlobStore(evidence))).toMatchObject({ ok: true, runs: 1 });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSimulatedOrganization, type SimulatedOrganization } from '../sim/organization.js';
import { handler } from '../src/lambda.js';
import { verifyEvidence } from '../src/evidence/verify.js';
import { FsBlobStore } from '../src/evidence/fs-blob-store.js';

describe('lambda handler', () => {
  let sim: SimulatedOrganization;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 3 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-lambda-'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the same pipeline as `assay run` from the config named by ASSAY_CONFIG', async () => {
    const file = path.join(dir, 'assay.yaml');
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
    vi.stubEnv('ASSAY_CONFIG', file);
    vi.stubEnv('LAMBDA_GH_TOKEN', sim.github.token);
    const out = await handler();
    expect(out.sequence).toBe(1);
    expect(out.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(out.summary.fail).toBeGreaterThan(0);
    expect(await verifyEvidence(new FsBlobStore(path.join(dir, 'evidence')))).toMatchObject({ ok: true, runs: 1 });
  });
});

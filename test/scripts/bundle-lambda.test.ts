import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { bundleLambda, type LambdaBundle } from '../../scripts/bundle-lambda.js';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';

const TEN_MB = 10 * 1024 * 1024;

describe('the Lambda bundle', () => {
  let dir: string;
  let bundle: LambdaBundle;
  let sim: SimulatedOrganization;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-bundle-'));
    bundle = await bundleLambda(path.join(dir, 'lambda'));
    sim = await startSimulatedOrganization({ seed: 5, googleUsers: 40 });
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is one ESM file whose zip is at most 10 MB', async () => {
    const zipped = zipSync({ 'index.mjs': await readFile(bundle.file) }, { level: 9 });
    expect(zipped.byteLength).toBeLessThanOrEqual(TEN_MB);
    expect(zipped.byteLength).toBeGreaterThan(100_000);
  });

  it('leaves out the simulator, the demo and every dev dependency', () => {
    const offending = bundle.inputs.filter((f) =>
      /^(sim|test|bench|scripts)\/|src\/cli\/demo-|node_modules\/(@octokit\/graphql-schema|graphql|vitest|esbuild|tsx|aws-sdk-client-mock|fflate|ajv)\//.test(
        f,
      ),
    );
    expect(offending).toEqual([]);
    expect(bundle.inputs).toContain('src/lambda.ts');
  });

  it('runs a scheduled invocation against the simulated organization and stores a run that verifies', async () => {
    const file = path.join(dir, 'assay.yaml');
    await writeFile(
      file,
      `version: 1
log: { level: silent }
evidence: { path: ./evidence }
sources:
  github:
    baseUrl: ${sim.github.baseUrl}
    auth: { token: { env: BUNDLE_GH_TOKEN } }
    orgs: [${sim.github.orgs[0]!.login}]
`,
    );
    vi.stubEnv('ASSAY_CONFIG', file);
    vi.stubEnv('BUNDLE_GH_TOKEN', sim.github.token);
    const mod = (await import(pathToFileURL(bundle.file).href)) as {
      handler: () => Promise<{ sequence: number; summary: Record<string, number> }>;
    };
    const out = await mod.handler();
    expect(out.sequence).toBe(1);
    expect(out.summary.fail).toBeGreaterThan(0);
    expect(await verifyEvidence(new FsBlobStore(path.join(dir, 'evidence')))).toMatchObject({ ok: true, runs: 1 });
  });
});

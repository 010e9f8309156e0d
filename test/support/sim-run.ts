import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { parseConfig, type Env } from '../../src/config/load-config.js';
import { runPipeline, type RunResult } from '../../src/engine/run-pipeline.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';
import { collectorRegistry } from '../../collectors/index.js';
import { checkRegistry } from '../../checks/index.js';
import type { Finding } from '../../src/model/finding.js';
import type { GroundTruth } from '../../sim/ground-truth.js';
import type { SimulatedOrganization } from '../../sim/organization.js';

export interface TempStore {
  dir: string;
  blobs: FsBlobStore;
  store: EvidenceStore;
  cleanup(): Promise<void>;
}

export async function tempStore(): Promise<TempStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-evidence-'));
  const blobs = new FsBlobStore(dir);
  return { dir, blobs, store: new EvidenceStore(blobs), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the whole pipeline with a config given as YAML text; logs go nowhere unless `log` is passed. */
export async function runWithConfig(
  yaml: string,
  env: Env,
  store: EvidenceStore,
  opts: { log?: Logger; clock?: () => Date } = {},
): Promise<RunResult> {
  const config = parseConfig(yaml, 'assay.yaml', env);
  return runPipeline(config, {
    collectors: collectorRegistry(),
    checks: checkRegistry(),
    store,
    log: opts.log ?? pino({ level: 'silent' }),
    toolVersion: 'test',
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
}

/** A config reading only the simulated GitHub organizations, with the token in env variable GH. */
export const githubConfig = (
  sim: SimulatedOrganization,
  opts: { timeoutSeconds: number; requestTimeoutSeconds: number },
): string => `version: 1
run: { collectorTimeoutSeconds: ${opts.timeoutSeconds} }
sources:
  github:
    baseUrl: ${sim.github.baseUrl}
    auth: { token: { env: GH } }
    orgs: [${sim.github.orgs.map((o) => o.login).join(', ')}]
    retries: 1
    requestTimeoutSeconds: ${opts.requestTimeoutSeconds}
`;

/** `checkId|scopeId|resourceId` of every failing finding of the given checks. */
export const failing = (findings: readonly Finding[], checkIds: readonly string[]): string[] =>
  findings
    .filter((f) => f.status === 'fail' && checkIds.includes(f.checkId))
    .map((f) => `${f.checkId}|${f.scope.id}|${f.resource.id}`)
    .sort();

export const planted = (truth: GroundTruth, checkIds: readonly string[]): string[] =>
  checkIds.flatMap((id) => (truth[id] ?? []).map((t) => `${id}|${t.scopeId}|${t.resourceId}`)).sort();

import { expect } from 'vitest';
import type { Env } from '../../src/config/load-config.js';
import type { Finding } from '../../src/model/finding.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { checkRegistry } from '../../checks/index.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import type { Fault } from '../../sim/http/faults.js';
import type { SimServer } from '../../sim/http/sim-server.js';
import { runWithConfig, tempStore } from '../support/sim-run.js';

/** A name RFC 2606 guarantees never resolves. */
export const UNRESOLVABLE_URL = 'http://assay-sim.invalid';

/** What a row changes in the config instead of faulting a route. */
export type ConfigVariant = 'normal' | 'dns-failure' | 'revoked-credentials';

/** One source's simulated vendor, shared by the rows of a file, and the config an operator would write for it. */
export interface MatrixSim {
  server: SimServer;
  config(variant: ConfigVariant): { yaml: string; env: Env };
  /** The run's clock (the simulated data is dated against it). */
  clock?: () => Date;
  /** Routes whose request count varies from run to run (a simulated rate limit retried), left out of the budget. */
  noisyRoutes?: readonly string[];
  stop(): Promise<void>;
}

export interface FaultRow {
  name: string;
  /** The route faulted, and how; absent for config variants. */
  route?: string;
  fault?: Fault;
  /** Requests faulted (default: every one). */
  times?: number;
  variant?: ConfigVariant;
  /**
   * `recovers`: the client absorbs the fault (a retry, a wait, a followed continuation) and the run equals the
   * baseline. `fails`: the operation is recorded as failed, with `why` in its error, and the checks needing it are not
   * `pass`.
   */
  expect: 'recovers' | 'fails';
  /** The operation the manifest must name as failed (`fails` rows). */
  operation?: string | RegExp;
  why?: RegExp;
  /** Requests allowed over the baseline's, given how many the baseline sent to the faulted route. */
  budget(routeRequests: number): number;
  /** Wall time bound of the faulted run. */
  maxSeconds: number;
}

export interface Baseline {
  findings: Finding[];
  counts: Record<string, number>;
  total: number;
}

/** What the summary reporter prints for a row (attached to the test's meta). */
export interface FaultRowMeta {
  source: string;
  fault: string;
  requests: number;
  baselineRequests: number;
  seconds: number;
  failedOperations: string[];
}

declare module 'vitest' {
  interface TaskMeta {
    faultRow?: FaultRowMeta;
  }
}

const key = (f: Finding) => `${f.checkId}|${f.scope.id}|${f.resource.id}`;
const full = (f: Finding) => `${key(f)}|${f.status}|${f.message}`;

async function runOnce(sim: MatrixSim, variant: ConfigVariant) {
  const t = await tempStore();
  try {
    const { yaml, env } = sim.config(variant);
    const started = performance.now();
    const result = await runWithConfig(yaml, env, t.store, sim.clock ? { clock: sim.clock } : {});
    const seconds = (performance.now() - started) / 1000;
    const verified = await verifyEvidence(t.blobs);
    return { result, snapshots: await result.loadSnapshots(), seconds, verified };
  } finally {
    await t.cleanup();
  }
}

const steadyTotal = (sim: MatrixSim) =>
  Object.entries(sim.server.counts())
    .filter(([route]) => !(sim.noisyRoutes ?? []).includes(route))
    .reduce((n, [, c]) => n + c, 0);

const reset = (sim: MatrixSim) => {
  sim.server.faults.clear();
  sim.server.resetCounts();
};

/** The run without a fault: every row is compared with it. */
export async function runBaseline(sim: MatrixSim): Promise<Baseline> {
  reset(sim);
  const { result, verified } = await runOnce(sim, 'normal');
  expect(verified).toMatchObject({ ok: true, runs: 1 });
  expect(result.manifest.collectors.flatMap((c) => c.failedOperations)).toEqual([]);
  return { findings: result.findings, counts: sim.server.counts(), total: steadyTotal(sim) };
}

/** `scopeId|datasetKey` of every dataset a snapshot records as missing because a read failed. */
const missingKeys = (snapshots: readonly Snapshot[]) =>
  new Set(
    snapshots.flatMap((s) =>
      Object.entries(s.missing)
        .filter(([, m]) => m.kind === 'error')
        .map(([k]) => `${s.scope.id}|${k}`),
    ),
  );

/**
 * Runs the pipeline once with the row's fault (the simulator's faults and counts reset first), and asserts the laws: the run completes and is
 * stored, the evidence verifies, no check needing a dataset the fault made missing passes for that scope, every other
 * check's findings equal the baseline's, the manifest names the failed operation and the snapshot says why, requests
 * stay within the row's retry budget and the run within its time bound.
 */
export async function assertFaultRow(
  source: string,
  sim: MatrixSim,
  baseline: Baseline,
  row: FaultRow,
  meta: { faultRow?: FaultRowMeta },
): Promise<void> {
  reset(sim);
  try {
    if (row.route !== undefined && row.fault !== undefined) {
      expect(sim.server.routeIds(), `the ${source} simulator has the route ${row.route}`).toContain(row.route);
      sim.server.faults.inject(row.route, row.fault, row.times === undefined ? {} : { times: row.times });
    }
    const { result, snapshots, seconds, verified } = await runOnce(sim, row.variant ?? 'normal');
    const failedOperations = result.manifest.collectors.flatMap((c) => c.failedOperations);
    meta.faultRow = {
      source,
      fault: row.name,
      requests: steadyTotal(sim),
      baselineRequests: baseline.total,
      seconds,
      failedOperations,
    };

    expect(result.manifest.sequence, 'the run is stored').toBe(1);
    expect(verified, 'the evidence store verifies').toMatchObject({ ok: true, runs: 1, problems: [] });

    const routeRequests = row.route === undefined ? baseline.total : (baseline.counts[row.route] ?? 0);
    const budget = baseline.total + row.budget(routeRequests);
    expect(steadyTotal(sim), `requests (baseline ${baseline.total}) stay within the retry budget`).toBeLessThanOrEqual(
      budget,
    );
    expect(seconds, 'the run stays within its time bound').toBeLessThan(row.maxSeconds);

    const checks = checkRegistry();
    const missingData = missingKeys(snapshots);
    const affected = (f: Finding) =>
      (checks.get(f.checkId)?.requires ?? []).some((k) => missingData.has(`${f.scope.id}|${k}`));
    const passingDespiteMissing = result.findings.filter((f) => affected(f) && f.status === 'pass').map(full);
    expect(passingDespiteMissing, 'no check passes on data the fault made missing').toEqual([]);

    const scopes = new Set(snapshots.map((s) => s.scope.id));
    const erroredChecks = new Set(result.findings.filter((f) => f.status === 'error').map((f) => f.checkId));
    const reached = (f: Finding) => scopes.has(f.scope.id) && !affected(f);
    expect(
      result.findings.filter(reached).map(full).sort(),
      'the checks the fault did not reach are unchanged',
    ).toEqual(baseline.findings.filter(reached).map(full).sort());
    // A scope the fault hid altogether (an account never listed) must leave each of its checks in error.
    const hidden = baseline.findings.filter((f) => !scopes.has(f.scope.id) && !erroredChecks.has(f.checkId));
    expect(hidden.map(full), 'a scope the fault hid is reported, not dropped').toEqual([]);

    const failedCalls = snapshots.flatMap((s) => s.calls.filter((c) => !c.ok));
    const missing = snapshots.flatMap((s) => Object.values(s.missing));
    if (row.expect === 'recovers') {
      expect(failedOperations, 'nothing failed: the client absorbed the fault').toEqual([]);
      expect(result.findings.map(full).sort(), 'the findings equal the baseline').toEqual(
        baseline.findings.map(full).sort(),
      );
      return;
    }
    expect(failedOperations.length, 'the manifest records a failed operation').toBeGreaterThan(0);
    if (row.operation !== undefined) {
      const named = failedOperations.filter((o) =>
        typeof row.operation === 'string' ? o === row.operation : row.operation!.test(o),
      );
      expect(named, `the manifest names ${String(row.operation)} among ${failedOperations.join(', ')}`).not.toEqual([]);
      const why = [
        ...failedCalls.filter((c) => named.includes(c.operation)).map((c) => c.error ?? ''),
        ...missing.filter((m) => named.includes(m.operation)).map((m) => m.message),
      ];
      expect(why.length, 'the snapshots record the failed call').toBeGreaterThan(0);
      if (row.why) expect(why.join('\n'), 'the snapshot says why the call failed').toMatch(row.why);
    }
    expect(
      result.findings.some((f) => f.status === 'error'),
      'some check reports error',
    ).toBe(true);
  } finally {
    sim.server.faults.clear();
  }
}

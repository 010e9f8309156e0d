import { pino } from 'pino';
import { runCollectors } from '../../../src/engine/run-collectors.js';
import { GoogleSourceConfigSchema, type GoogleSourceConfig } from '../../../src/model/config/google-config.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { createGoogleWorkspaceCollector } from '../../../collectors/google/google-workspace-collector.js';
import { generateGoogle } from '../../../sim/google/generate-google.js';
import { startGoogleSim, type GoogleSim, type GoogleSimOptions } from '../../../sim/google/google-sim.js';
import type { GoogleState } from '../../../sim/google/google-state.js';
import { Random } from '../../../sim/random.js';

export const SIM_NOW = new Date('2026-11-23T12:00:00.000Z');

export interface RunningGoogleSim {
  state: GoogleState;
  sim: GoogleSim;
  env: Record<string, string>;
  /** The source config a user of the simulated company would write, plus overrides. */
  config(overrides?: Record<string, unknown>): GoogleSourceConfig;
  stop(): Promise<void>;
}

export async function startSim(
  opts: { seed?: number; users?: number } & GoogleSimOptions = {},
): Promise<RunningGoogleSim> {
  const state = generateGoogle(new Random(opts.seed ?? 7).fork('google'), { users: opts.users ?? 60, now: SIM_NOW });
  const sim = await startGoogleSim(state, opts);
  const d = state.designations;
  return {
    state,
    sim,
    env: { GOOGLE_SA_KEY: sim.serviceAccountKeyJson },
    config: (overrides = {}) =>
      GoogleSourceConfigSchema.parse({
        domain: sim.domain,
        rootUrl: sim.rootUrl,
        tokenUrl: sim.tokenUrl,
        auth: { subject: sim.subject, serviceAccountKey: { env: 'GOOGLE_SA_KEY' } },
        executives: d.executives,
        breakGlassAccounts: d.breakGlassAccounts,
        lookbackDays: d.lookbackDays,
        tokenInventory: { enabled: d.tokenInventory },
        requestTimeoutSeconds: 5,
        retries: 3,
        ...overrides,
      }),
    stop: () => sim.server.close(),
  };
}

/** Runs the Google collector (fast backoff) through the engine, as a run does; returns the one snapshot. */
export async function collectOnce(
  config: GoogleSourceConfig,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<Snapshot> {
  const collector = createGoogleWorkspaceCollector({ baseDelayMs: 1, maxDelayMs: 10 });
  const { snapshots } = await runCollectors({
    jobs: [{ collector, config }],
    concurrency: 1,
    timeoutMs,
    log: pino({ level: 'silent' }),
    now: () => SIM_NOW,
    resolveSecret: (ref, keyPath) => {
      const v = env[ref.env];
      if (v === undefined) throw new Error(`${keyPath}: environment variable ${ref.env} is not set`);
      return v;
    },
    onSnapshot: async () => {},
  });
  if (snapshots.length !== 1) throw new Error(`expected one snapshot, got ${snapshots.length}`);
  return snapshots[0]!;
}

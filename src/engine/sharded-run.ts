import { gunzipSync, gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import { EvidenceError, UsageError } from '../errors.js';
import type { Collector } from '../model/collector.js';
import type { CollectorRun } from '../model/run.js';
import { CollectorRunSchema } from '../model/run.js';
import { scopeKey } from '../model/scope.js';
import { SnapshotSchema, type Snapshot } from '../model/snapshot.js';
import { checkSecretReferences, type Config } from '../config/load-config.js';
import type { BlobStore } from '../evidence/blob-store.js';
import { EvidenceStore } from '../evidence/evidence-store.js';
import { newRunId } from '../evidence/run-id.js';
import { artifactKey, checkRunId, runDir } from '../evidence/store-layout.js';
import { runCollectors } from './run-collectors.js';
import { previousSnapshotReader } from './previous-snapshots.js';
import { snapshotPath } from './snapshot-path.js';
import { runPipeline, type PipelineDeps, type RunResult } from './run-pipeline.js';
import { MAP_ITEMS_PATH, PLAN_PATH, readShardPlan, storeShardPlan, type Shard, type ShardPlan } from './shard-plan.js';

/** A sharded run as the state machine passes it from step to step. */
export interface ShardedRunRef {
  runId: string;
  startedAt: string;
}

/** What a shard stores beside its snapshots, so the evaluation step can account for it. */
interface ShardRecord {
  shard: string;
  run: CollectorRun;
  snapshots: string[];
}

const SHARDS_DIR = 'shards/';
const shardRecordPath = (id: string): string => `${SHARDS_DIR}${id}.json`;

/** The run id carries the start time to the second; the shards and the evaluation read it from there. */
export function beginShardedRun(now: Date = new Date()): ShardedRunRef {
  const startedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return { runId: newRunId(startedAt), startedAt: startedAt.toISOString() };
}

/** The reference for a run id made by `beginShardedRun` (`20261207T090000Z-3fa9c1`). */
export function shardedRunRef(runId: string): ShardedRunRef {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{6}$/.exec(runId);
  if (!m) throw new UsageError(`--run: expected a run id such as 20261207T090000Z-3fa9c1, got '${runId}'`);
  return { runId, startedAt: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` };
}

export interface ShardDeps {
  collectors: ReadonlyMap<string, Collector>;
  store: EvidenceStore;
  log: Logger;
  clock?: () => Date;
}

/**
 * The first step: a new run id, and the run's shards (the organization's accounts discovered once) stored under it as
 * `plan.json`. Fails, storing nothing, when the accounts cannot be listed.
 */
export async function planShardedRun(
  config: Config,
  deps: Pick<ShardDeps, 'collectors' | 'store' | 'log' | 'clock'>,
): Promise<{ run: ShardedRunRef; plan: ShardPlan }> {
  checkSecretReferences(config);
  const run = beginShardedRun((deps.clock ?? (() => new Date()))());
  return { run, plan: await storeShardPlan(config, run, deps.collectors, deps.store, deps.log) };
}

/** A planned shard's collector, or a clear refusal when this version of assay has none by that id. */
function collectorOf(shard: Shard, collectors: ReadonlyMap<string, Collector>): Collector {
  const c = collectors.get(shard.collector);
  if (!c)
    throw new UsageError(`shard '${shard.id}' names collector '${shard.collector}', which this assay does not have`);
  return c;
}

/**
 * Collects one shard into the run's directory: its snapshots, then a record of the collector's run. The snapshots are
 * not evidence until the evaluation step lists them in the run's manifest; a shard that fails leaves nothing the
 * evaluation would take for data (its scope becomes `error`).
 */
export async function collectShard(
  config: Config,
  run: ShardedRunRef,
  shardId: string,
  deps: ShardDeps,
): Promise<{ shard: string; snapshots: number; requests: number }> {
  checkRunId(run.runId);
  const { plan } = await readShardPlan(config, run.runId, deps.store);
  const shard = plan.shards.find((s) => s.id === shardId);
  if (!shard)
    throw new UsageError(
      `shard '${shardId}' is not in the plan of run ${run.runId} (\`assay shards plan\` lists them)`,
    );
  const collector = collectorOf(shard, deps.collectors);
  checkSecretReferences(config);
  const clock = deps.clock ?? (() => new Date());
  const recordKey = artifactKey(run.runId, shardRecordPath(shard.id));
  const done = await deps.store.blobs.get(recordKey).then(
    (b) => JSON.parse(Buffer.from(b).toString('utf8')) as ShardRecord,
    (e: unknown) => {
      if (e instanceof EvidenceError && e.code === 'missing') return undefined;
      throw e;
    },
  );
  // A retried invocation whose first attempt finished (its answer was lost) does nothing twice.
  if (done) return { shard: shard.id, snapshots: done.snapshots.length, requests: done.run.requests };
  const head = await deps.store.checkReady();
  const writer = deps.store.beginRun(run.runId, new Date(run.startedAt));
  const log = deps.log.child({ runId: run.runId, shard: shard.id });
  const paths: string[] = [];
  const { runs } = await runCollectors({
    jobs: [{ collector, config: shard.config }],
    concurrency: 1,
    timeoutMs: config.run.collectorTimeoutSeconds * 1000,
    log,
    now: clock,
    resolveSecret: config.resolveSecret,
    ...(head
      ? {
          previousCursors: Object.fromEntries(head.manifest.collectors.map((c) => [c.collector, c.cursors])),
          previousSnapshot: previousSnapshotReader(deps.store, head.manifest, log),
        }
      : {}),
    onSnapshot: async (s) => {
      paths.push(snapshotPath(s));
      await writer.add(snapshotPath(s), gzipSync(JSON.stringify(s)), 'application/gzip');
    },
  });
  const record: ShardRecord = { shard: shard.id, run: runs[0]!, snapshots: paths };
  await writer.add(shardRecordPath(shard.id), Buffer.from(JSON.stringify(record, null, 2)), 'application/json');
  log.info({ snapshots: paths.length, requests: record.run.requests }, 'shard collected');
  return { shard: shard.id, snapshots: paths.length, requests: record.run.requests };
}

/**
 * Re-adding what a shard already stored is a no-op when the bytes are the same: the evaluation step lists each
 * shard's files in the manifest through the ordinary run writer, and nothing stored is ever replaced.
 */
export function acceptingStoredRun(inner: BlobStore, runId: string): BlobStore {
  const prefix = runDir(runId);
  const putIfAbsent = async (key: string, body: Uint8Array): Promise<void> => {
    try {
      await inner.putIfAbsent(key, body);
    } catch (e) {
      if (!(e instanceof EvidenceError && e.code === 'exists' && key.startsWith(prefix))) throw e;
      if (!Buffer.from(await inner.get(key)).equals(Buffer.from(body))) throw e;
    }
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'putIfAbsent') return putIfAbsent;
      if (prop === ACCEPTING) return runId;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Answered by blobs made with `acceptingStoredRun`: the run whose files they accept again. */
const ACCEPTING = Symbol('assay.acceptingStoredRun');
const acceptsRun = (blobs: BlobStore, runId: string): boolean =>
  (blobs as unknown as Record<symbol, unknown>)[ACCEPTING] === runId;

/** A planned shard with no record: every dataset of its collector is missing there, naming the shard. */
function unreportedShard(shard: Shard, collector: Collector, at: Date): Snapshot {
  const message = `shard ${shard.id} did not store its collection (its invocation failed or has not finished)`;
  const datasets = Object.keys(collector.schema);
  return {
    schemaVersion: 1,
    collector: collector.id,
    source: collector.source,
    scope: shard.scope ?? { kind: 'global', id: collector.id },
    startedAt: at.toISOString(),
    collectedAt: at.toISOString(),
    calls: [],
    data: {},
    missing: Object.fromEntries(datasets.map((d) => [d, { kind: 'error', operation: `shard ${shard.id}`, message }])),
  };
}

/** Scopes a shard produced win; a scope no shard reached keeps the previous run's cursors (which every shard carries). */
function mergeRuns(records: ShardRecord[], collectorIds: string[], scopesOf: Map<string, Set<string>>): CollectorRun[] {
  return collectorIds.map((id) => {
    const mine = records.filter((r) => r.run.collector === id);
    const cursors: CollectorRun['cursors'] = {};
    for (const r of mine)
      for (const [k, v] of Object.entries(r.run.cursors))
        if (scopesOf.get(r.shard)?.has(k) || !(k in cursors)) cursors[k] = v;
    return {
      collector: id,
      scopes: mine.reduce((n, r) => n + r.run.scopes, 0),
      requests: mine.reduce((n, r) => n + r.run.requests, 0),
      failedOperations: [...new Set(mine.flatMap((r) => r.run.failedOperations))],
      durationMs: Math.max(0, ...mine.map((r) => r.run.durationMs)),
      timedOut: mine.some((r) => r.run.timedOut),
      cursors,
    };
  });
}

/**
 * The last step: reads every shard's snapshots from the run's directory (a shard that did not report yields `error`
 * snapshots for its scope, never silence), then runs the ordinary pipeline from the checks on (derivations, history,
 * exceptions, findings, report, manifest) with collection replaced by what the shards stored.
 */
export async function evaluateShardedRun(config: Config, run: ShardedRunRef, deps: PipelineDeps): Promise<RunResult> {
  checkRunId(run.runId);
  const startedAt = new Date(run.startedAt);
  // The caller's store, when built over acceptingStoredRun (keeping its run lock); else one over the same blobs.
  const { staleAfterMs, pollMs, now, sleep } = deps.store.timing;
  const store = acceptsRun(deps.store.blobs, run.runId)
    ? deps.store
    : new EvidenceStore(acceptingStoredRun(deps.store.blobs, run.runId), {
        staleClaimAfterMs: staleAfterMs,
        pollMs,
        now,
        sleep,
      });
  const { blobs } = store;
  const stored = await readShardPlan(config, run.runId, store);
  const { shards } = stored.plan;
  for (const shard of shards) collectorOf(shard, deps.collectors);
  return runPipeline(config, {
    ...deps,
    store,
    run: { runId: run.runId, startedAt },
    collect: async (opts, writer) => {
      const records: ShardRecord[] = [];
      const snapshots: Snapshot[] = [];
      const scopesOf = new Map<string, Set<string>>();
      await writer.add(PLAN_PATH, stored.bytes, 'application/json');
      if (stored.items) await writer.add(MAP_ITEMS_PATH, stored.items, 'application/json');
      for (const shard of shards) {
        const collector = deps.collectors.get(shard.collector)!;
        let bytes: Uint8Array;
        try {
          bytes = await blobs.get(artifactKey(run.runId, shardRecordPath(shard.id)));
        } catch (e) {
          if (!(e instanceof EvidenceError && e.code === 'missing')) throw e;
          deps.log.error({ shard: shard.id }, 'shard did not report; its scope is recorded as an error');
          const snap = unreportedShard(shard, collector, startedAt);
          snapshots.push(snap);
          await opts.onSnapshot(snap);
          continue;
        }
        const raw = JSON.parse(Buffer.from(bytes).toString('utf8')) as ShardRecord;
        const record: ShardRecord = { ...raw, run: CollectorRunSchema.parse(raw.run) };
        records.push(record);
        scopesOf.set(shard.id, new Set());
        for (const path of record.snapshots) {
          const stored = await blobs.get(artifactKey(run.runId, path));
          // Parsed once to check it, re-added as the same bytes (JSON round-trips exactly; gzip is deterministic).
          const json: unknown = JSON.parse(gunzipSync(stored).toString('utf8'));
          const snap = SnapshotSchema.parse(json);
          if (snap.scope.kind !== 'global') scopesOf.get(shard.id)!.add(scopeKey(snap.scope));
          snapshots.push(snap);
          await opts.onSnapshot(json as Snapshot);
        }
        await writer.add(shardRecordPath(shard.id), bytes, 'application/json');
      }
      const ids = [...new Set(shards.map((s) => s.collector))];
      return { snapshots, runs: mergeRuns(records, ids, scopesOf) };
    },
  });
}

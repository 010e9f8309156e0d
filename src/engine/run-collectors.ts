import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Collector, CollectorContext } from '../model/collector.js';
import { requestCount, type Snapshot } from '../model/snapshot.js';
import type { CollectorRun } from '../model/run.js';
import { scopeKey, type Scope } from '../model/scope.js';
import type { SecretResolver } from '../model/config/secret-ref.js';
import { ScopeRecorderImpl, type CallState } from './scope-recorder.js';
import { describeError } from './describe-error.js';
import { SecretMask } from './secret-mask.js';
import type { PreviousSnapshotReader } from './previous-snapshots.js';
import { CollectorError } from '../errors.js';

export interface CollectorJob {
  collector: Collector;
  config: unknown;
}

export interface RunCollectorsOptions {
  jobs: CollectorJob[];
  concurrency: number;
  timeoutMs: number;
  log: Logger;
  now: () => Date;
  resolveSecret: SecretResolver;
  /** Cursors of the previous run, by collector id, then scope key (from its manifest). */
  previousCursors?: Readonly<Record<string, CollectorRun['cursors']>>;
  /** The previous run's snapshot of a collector's scope, read when a collector asks for its previous data. */
  previousSnapshot?: PreviousSnapshotReader;
  /** Called as each snapshot is complete, so it can be stored before the run ends. */
  onSnapshot(snapshot: Snapshot): Promise<void>;
  /** Whether to return the snapshots too (default true); a run that stores them reads them back instead. */
  retain?: boolean;
}

/**
 * Runs collectors concurrently, each under a time limit. A collector that throws or runs out of time still
 * yields snapshots: the datasets it did not collect are recorded as missing, naming the operation.
 */
export async function runCollectors(
  opts: RunCollectorsOptions,
): Promise<{ snapshots: Snapshot[]; runs: CollectorRun[] }> {
  const limit = pLimit(opts.concurrency);
  // Per run, not per module: a later run must discover and authenticate afresh.
  const memo = new Map<string, Promise<unknown>>();
  const shared = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = Promise.resolve().then(make);
      // Awaited by callers; this keeps a rejection nobody has awaited yet from counting as unhandled.
      p.catch(() => {});
      memo.set(key, p);
    }
    return p;
  };
  const snapshots: Snapshot[] = [];
  const emit = async (s: Snapshot) => {
    if (opts.retain !== false) snapshots.push(s);
    await opts.onSnapshot(s);
  };
  const runs = await Promise.all(opts.jobs.map((job) => limit(() => runOne(job, opts, emit, shared))));
  return { snapshots, runs };
}

async function runOne(
  job: CollectorJob,
  opts: RunCollectorsOptions,
  emit: (s: Snapshot) => Promise<void>,
  shared: CollectorContext<unknown>['shared'],
): Promise<CollectorRun> {
  const { collector } = job;
  const log = opts.log.child({ collector: collector.id });
  const als = new AsyncLocalStorage<CallState>();
  const controller = new AbortController();
  // Every in-flight HTTP request listens to this signal; hundreds at once is normal, not a leak.
  setMaxListeners(0, controller.signal);
  const open = new Set<ScopeRecorderImpl>();
  // What the collector's manifest entry needs of each snapshot, not the snapshot: its data is stored, then released.
  const produced: Array<{ requests: number; failed: string[] }> = [];
  const previousCursors = opts.previousCursors?.[collector.id] ?? {};
  // Scopes this run did not reach keep their cursors, so the next run resumes where the last good read ended.
  const cursors: CollectorRun['cursors'] = { ...previousCursors };
  const started = performance.now();
  const timeoutMessage = `the ${collector.id} collector ran out of time after ${Math.round(opts.timeoutMs / 1000)} s`;

  const finishScope = async (rec: ScopeRecorderImpl, reason?: { operation: string; message: string }) => {
    if (!open.delete(rec)) return;
    const snap = rec.finish(opts.now(), reason);
    if (snap.scope.kind !== 'global') cursors[scopeKey(snap.scope)] = rec.cursors();
    produced.push({
      requests: requestCount(snap),
      failed: Object.values(snap.missing)
        .filter((m) => m.kind === 'error')
        .map((m) => m.operation),
    });
    await emit(snap);
  };

  const bindRequestCounter = () => {
    const state = als.getStore();
    return () => {
      if (state) state.requests++;
    };
  };

  const mask = new SecretMask();
  const ctx: CollectorContext<unknown> = {
    config: job.config,
    log,
    now: opts.now(),
    signal: controller.signal,
    secret: (ref, keyPath) => {
      const value = opts.resolveSecret(ref, keyPath);
      mask.add(value);
      return value;
    },
    shared,
    countRequest: () => bindRequestCounter()(),
    bindRequestCounter,
    scope: async (scope: Scope, fn) => {
      if (closed) throw new CollectorError(`the ${collector.id} collector has already finished`, 'collect');
      let previousSnapshot: Promise<Snapshot | undefined> | undefined;
      const rec = new ScopeRecorderImpl(
        collector,
        scope,
        als,
        log,
        controller.signal,
        opts.now(),
        previousCursors[scopeKey(scope)],
        () => (previousSnapshot ??= opts.previousSnapshot?.(collector.id, scope) ?? Promise.resolve(undefined)),
        (text) => mask.apply(text),
      );
      open.add(rec);
      try {
        await fn(rec);
        await finishScope(rec);
      } catch (err) {
        const info = describeError(err, (t) => mask.apply(t));
        await finishScope(rec, { operation: rec.operationInFlight ?? 'collect', message: info.message });
      }
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
    timer.unref();
  });
  let failure: { operation: string; message: string } | undefined;
  let outcome: unknown;
  let closed = false;
  try {
    outcome = await Promise.race([collector.collect(ctx).then(() => 'done' as const), timedOut]);
  } catch (err) {
    failure = { operation: 'collect', message: describeError(err, (t) => mask.apply(t)).message };
    log.error({ err: failure.message }, `collector ${collector.id} failed`);
  } finally {
    clearTimeout(timer);
    closed = true;
  }
  if (outcome === 'timeout') {
    controller.abort();
    log.error(timeoutMessage);
    for (const rec of [...open])
      await finishScope(rec, { operation: rec.operationInFlight ?? 'collect', message: timeoutMessage });
    failure = { operation: 'collect', message: timeoutMessage };
  }
  for (const rec of [...open]) await finishScope(rec, failure);
  if (!failure && produced.length === 0) {
    failure = {
      operation: 'collect',
      message: `the ${collector.id} collector found nothing to read (no organization, account or customer)`,
    };
  }
  if (failure) {
    // A snapshot of the whole source, so that scopes the collector never reached report `error` instead of vanishing.
    const rec = new ScopeRecorderImpl(
      collector,
      { kind: 'global', id: collector.id },
      als,
      log,
      controller.signal,
      opts.now(),
    );
    open.add(rec);
    await finishScope(rec, failure);
  }

  const failedOperations = [...new Set(produced.flatMap((s) => s.failed))];
  return {
    collector: collector.id,
    scopes: produced.length,
    requests: produced.reduce((n, s) => n + s.requests, 0),
    failedOperations,
    durationMs: Math.round(performance.now() - started),
    timedOut: outcome === 'timeout',
    cursors,
  };
}

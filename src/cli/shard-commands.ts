import type { Logger } from 'pino';
import { UsageError } from '../errors.js';
import type { Config } from '../config/load-config.js';
import { loadConfiguredExceptions } from '../config/load-exceptions.js';
import { collectorRegistry } from '../../collectors/index.js';
import { allDerivations } from '../../collectors/derived/index.js';
import { checkRegistry } from '../../checks/index.js';
import { EvidenceStore } from '../evidence/evidence-store.js';
import {
  acceptingStoredRun,
  collectShard,
  evaluateShardedRun,
  planShardedRun,
  shardedRunRef,
} from '../engine/sharded-run.js';
import { MAP_ITEMS_PATH, mapItems } from '../engine/shard-plan.js';
import { artifactKey } from '../evidence/store-layout.js';
import { toolVersion } from '../version.js';
import { openRunStore } from './open-store.js';
import type { Output } from './output.js';

/** The state machine's input to each step (infra/ builds it): `runId` from the plan, `shard` from the map item. */
export type ShardEvent =
  /** `items: 'stored'` (the state machine): the items stay in the S3 store, the answer says where. */
  | { action: 'shards.plan'; items?: 'stored' }
  | { action: 'shards.collect'; runId: string; shard: string }
  | { action: 'shards.evaluate'; runId: string };

/**
 * A shard writes only under its run's directory and never commits, so it does not take the store's run lock (the
 * shards of one run collect at once); the evaluation takes it, from its start to its manifest.
 */
async function withShardStore<T>(
  config: Config,
  log: Logger,
  override: string | undefined,
  fn: (store: EvidenceStore) => Promise<T>,
): Promise<T> {
  const opened = openRunStore(config, log, override);
  try {
    return await fn(new EvidenceStore(opened.blobs, { staleClaimAfterMs: config.evidence.staleClaimSeconds * 1000 }));
  } finally {
    opened.close();
  }
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new UsageError(`shards: '${name}' is required`);
  return value;
};

type PlanAnswer = { runId: string; requests: number; shards: number } & (
  { items: Array<{ runId: string; shard: string }> } | { itemsBucket: string; itemsKey: string }
);

/**
 * A new run id, its plan stored under it, and one map item per shard: in the answer, or (`items: 'stored'`) where the
 * S3 store keeps them, for the Distributed Map's item reader (an organization's list outgrows the 256 KiB state).
 */
export async function shardPlan(config: Config, log: Logger, event: unknown = {}, store?: string): Promise<PlanAnswer> {
  const items = (event as { items?: unknown }).items;
  if (items !== undefined && items !== 'stored')
    throw new UsageError(`shards.plan: 'items' is 'stored' or absent, got ${JSON.stringify(items)}`);
  const e = config.evidence;
  if (items === 'stored' && (store !== undefined || e.store !== 's3' || e.bucket === undefined))
    throw new UsageError("shards.plan: items: 'stored' needs the config's S3 evidence store (evidence.store: s3)");
  const { run, plan } = await withShardStore(config, log, store, (s) =>
    planShardedRun(config, { collectors: collectorRegistry(), store: s, log }),
  );
  const head = { runId: run.runId, requests: plan.requests, shards: plan.shards.length };
  return items === 'stored'
    ? { ...head, itemsBucket: e.bucket!, itemsKey: `${e.prefix ?? ''}${artifactKey(run.runId, MAP_ITEMS_PATH)}` }
    : { ...head, items: mapItems(plan) };
}

export async function shardCollect(config: Config, event: unknown, log: Logger, store?: string): Promise<unknown> {
  const e = event as Partial<Record<'runId' | 'shard', unknown>>;
  const run = shardedRunRef(text(e.runId, 'runId'));
  const shard = text(e.shard, 'shard');
  return withShardStore(config, log, store, (s) =>
    collectShard(config, run, shard, { collectors: collectorRegistry(), store: s, log }),
  );
}

export async function shardEvaluate(config: Config, event: unknown, log: Logger, store?: string) {
  const run = shardedRunRef(text((event as { runId?: unknown }).runId, 'runId'));
  const checks = checkRegistry();
  const opened = openRunStore(config, log, store, (blobs) => acceptingStoredRun(blobs, run.runId));
  const exceptions = await loadConfiguredExceptions(config, checks.keys(), opened.store.records).catch((e: unknown) => {
    opened.close();
    throw e;
  });
  const result = await evaluateShardedRun(config, run, {
    collectors: collectorRegistry(),
    derivations: allDerivations,
    checks,
    ...(exceptions ? { exceptions } : {}),
    store: opened.store,
    log,
    toolVersion: toolVersion(),
  }).finally(async () => {
    await opened.store.releaseRunLock();
    opened.close();
  });
  return { runId: result.runId, sequence: result.manifest.sequence, summary: result.manifest.summary };
}

/** `assay shards plan|collect|evaluate`: the fan-out's steps from a shell, for ECS tasks or a test by hand. */
export async function shardsCommand(
  sub: string | undefined,
  args: { config: Config; run?: string; shard?: string; store?: string },
  log: Logger,
  out: Output,
): Promise<number> {
  const { config } = args;
  if (sub === 'plan') {
    out.print(JSON.stringify(await shardPlan(config, log, {}, args.store), null, 2));
    return 0;
  }
  if (sub === 'collect') {
    if (!args.run || !args.shard)
      throw new UsageError('assay shards collect: --run RUN_ID and --shard ID are required');
    out.print(JSON.stringify(await shardCollect(config, { runId: args.run, shard: args.shard }, log, args.store)));
    return 0;
  }
  if (sub === 'evaluate') {
    if (!args.run) throw new UsageError('assay shards evaluate: --run RUN_ID is required');
    out.print(JSON.stringify(await shardEvaluate(config, { runId: args.run }, log, args.store)));
    return 0;
  }
  throw new UsageError(`assay shards: expected 'plan', 'collect' or 'evaluate'`);
}

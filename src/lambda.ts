import type { Logger } from 'pino';
import { UsageError } from './errors.js';
import type { Config } from './config/load-config.js';
import { runtimeFlags } from './config/load-config.js';
import { LambdaConfigLoader, type LambdaConfigLoaderOptions } from './config/lambda-config.js';
import { createLogger } from './logging/create-logger.js';
import { executeRun } from './cli/run-command.js';
import { shardCollect, shardEvaluate, shardPlan, type ShardEvent } from './cli/shard-commands.js';
import { isCloudTrailEnvelope } from './events/eventbridge-event.js';
import { runEvent } from './events/run-event.js';
import { loadConfiguredExceptions } from './config/load-exceptions.js';
import { checkRegistry } from '../checks/index.js';
import { toolVersion } from './version.js';
import { openRunStore } from './cli/open-store.js';
import { EvidenceStore } from './evidence/evidence-store.js';

/** What every route gets: the config (cached with its secrets for the TTL) and a JSON logger for CloudWatch. */
export interface InvocationContext {
  config: Config;
  log: Logger;
}

/**
 * One kind of invocation, recognized by the event's shape. Routes are tried in order; an event no route claims is
 * refused, so a misrouted event never starts a collection. The event path (CloudTrail events from EventBridge)
 * adds its route here.
 */
export interface LambdaRoute {
  name: string;
  matches(event: unknown): boolean;
  handle(event: unknown, ctx: InvocationContext): Promise<unknown>;
}

const field = (event: unknown, key: string): unknown =>
  event !== null && typeof event === 'object' ? (event as Record<string, unknown>)[key] : undefined;

/** EventBridge Scheduler sends the target's input (`{"action":"run"}`); an EventBridge rule sends `Scheduled Event`. */
export const scheduledRun: LambdaRoute = {
  name: 'run',
  matches: (e) =>
    e === undefined ||
    e === null ||
    (typeof e === 'object' && Object.keys(e).length === 0) ||
    field(e, 'action') === 'run' ||
    field(e, 'detail-type') === 'Scheduled Event',
  handle: async (_event, { config, log }) => {
    const { result } = await executeRun(config, log, { print: (t) => log.info(t) }, 'none');
    return { runId: result.runId, sequence: result.manifest.sequence, summary: result.manifest.summary };
  },
};

/** The fan-out state machine's three steps (infra/): plan, one collection per shard, evaluate and commit. */
export const shardSteps: LambdaRoute = {
  name: 'shards',
  matches: (e) => ['shards.plan', 'shards.collect', 'shards.evaluate'].includes(String(field(e, 'action'))),
  handle: (event, { config, log }) => {
    const e = event as ShardEvent;
    if (e.action === 'shards.plan') return shardPlan(config, log, e);
    if (e.action === 'shards.collect') return shardCollect(config, e, log);
    return shardEvaluate(config, e, log);
  },
};

/**
 * A CloudTrail event from an EventBridge rule (`assay events patterns`): judged, stored and alerted at once, in the
 * configured store (S3 here) without its run lock: an event run collects nothing, so a scheduled run holding the lock
 * does not turn it away; sequence claims chain it before or after that run's commit. A redelivery is skipped, a
 * duplicate being judged at the same moment is waited for (src/events/event-claim.ts); any error fails the
 * invocation, so the event lands in the function's dead-letter queue rather than vanishing.
 */
export const cloudTrailEvent: LambdaRoute = {
  name: 'event',
  matches: isCloudTrailEnvelope,
  handle: async (event, { config, log }) => {
    const opened = openRunStore(config, log, undefined);
    try {
      const store = new EvidenceStore(opened.blobs, {
        staleClaimAfterMs: config.evidence.staleClaimSeconds * 1000,
        describe: opened.describe,
      });
      const checks = checkRegistry();
      const exceptions = await loadConfiguredExceptions(config, checks.keys());
      const r = await runEvent(config, event, {
        checks,
        store,
        log,
        toolVersion: toolVersion(),
        ...(exceptions ? { exceptions } : {}),
      });
      if ('skipped' in r) return r;
      const { runId, manifest } = r;
      return {
        runId,
        sequence: manifest.sequence,
        eventId: r.eventId,
        summary: manifest.summary,
        deliveries: manifest.deliveries?.length ?? 0,
      };
    } finally {
      opened.close();
    }
  },
};

export const defaultRoutes: readonly LambdaRoute[] = [scheduledRun, shardSteps, cloudTrailEvent];

export interface HandlerOptions extends LambdaConfigLoaderOptions {
  routes?: readonly LambdaRoute[];
}

/** The loader (and its secrets cache) lives as long as the execution environment: created on the first invocation. */
export function createHandler(opts: HandlerOptions = {}): (event?: unknown) => Promise<unknown> {
  const routes = opts.routes ?? defaultRoutes;
  let loader: LambdaConfigLoader | undefined;
  return async (event?: unknown) => {
    const route = routes.find((r) => r.matches(event));
    if (!route) {
      const keys = event !== null && typeof event === 'object' ? Object.keys(event).join(', ') : typeof event;
      throw new UsageError(
        `assay Lambda: no route for this event (keys: ${keys || 'none'}); expected a scheduled event, ` +
          `{"action":"run"}, a shards.* step or a CloudTrail event from EventBridge`,
      );
    }
    loader ??= new LambdaConfigLoader(opts);
    const config = await loader.load();
    const flags = runtimeFlags(opts.env);
    const log = createLogger({ level: flags.logLevel ?? config.log.level, pretty: false }).child({ route: route.name });
    return route.handle(event, { config, log });
  };
}

export const handler = createHandler();

import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.js';
import { loadConfig, type Config, type Env } from '../config/load-config.js';
import { loadConfiguredExceptions } from '../config/load-exceptions.js';
import { checkRegistry } from '../../checks/index.js';
import { toolVersion } from '../version.js';
import { EvidenceStore } from '../evidence/evidence-store.js';
import { eventPatterns } from '../events/event-patterns.js';
import { runEvent } from '../events/run-event.js';
import { openS3Store, openStoreFlag } from './open-store.js';
import type { Output } from './output.js';

export type EventOutcome =
  | { skipped: string }
  | {
      runId: string;
      sequence: number;
      eventId: string;
      summary: Record<string, number | undefined>;
      deliveries: number;
    };

/** One EventBridge event through the event path, into the config's store (the Lambda's event route and `events handle`). */
export async function executeEvent(
  config: Config,
  event: unknown,
  log: Logger,
  storeOverride?: string,
): Promise<EventOutcome> {
  const checks = checkRegistry();
  const e = config.evidence;
  // The config's store (S3 included) or --store; no run lock: a scheduled run holding it must not turn an event away.
  const opened = storeOverride
    ? openStoreFlag(storeOverride, e.region)
    : e.store === 's3'
      ? openS3Store({ ...e, bucket: e.bucket!, prefix: e.prefix ?? '' })
      : openStoreFlag(config.evidencePath);
  let r: Awaited<ReturnType<typeof runEvent>>;
  try {
    const store = new EvidenceStore(opened.blobs, {
      staleClaimAfterMs: e.staleClaimSeconds * 1000,
      describe: opened.describe,
    });
    const exceptions = await loadConfiguredExceptions(config, checks.keys(), store.records);
    r = await runEvent(config, event, {
      checks,
      store,
      log,
      toolVersion: toolVersion(),
      ...(exceptions ? { exceptions } : {}),
    });
  } finally {
    opened.close();
  }
  if ('skipped' in r) return r;
  return {
    runId: r.runId,
    sequence: r.manifest.sequence,
    eventId: r.eventId,
    summary: r.manifest.summary,
    deliveries: r.manifest.deliveries?.length ?? 0,
  };
}

/** `assay events patterns [--config FILE]`: the EventBridge rule patterns, with the config's break-glass roles. */
export async function eventsPatternsCommand(configFile: string | undefined, env: Env, out: Output): Promise<number> {
  const roles = configFile ? ((await loadConfig(configFile, env)).sources.aws?.cloudtrail.breakGlassRoles ?? []) : [];
  out.print(JSON.stringify(eventPatterns(roles), null, 2));
  return 0;
}

/** `assay events handle --config FILE --event EVENT.json`: what the Lambda does with one event, from a shell. */
export async function eventsHandleCommand(
  args: { config: string; file: string; store?: string },
  env: Env,
  log: (c: Config) => Logger,
  out: Output,
): Promise<number> {
  const config = await loadConfig(args.config, env);
  let event: unknown;
  try {
    event = JSON.parse(await readFile(args.file, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`${args.file}: expected an EventBridge event as JSON (${(cause as Error).message})`, {
      cause,
    });
  }
  const r = await executeEvent(config, event, log(config), args.store);
  if ('skipped' in r) out.print(`Skipped: ${r.skipped}`);
  else
    out.print(
      `Event ${r.eventId} stored as event run ${r.runId} (#${r.sequence}): ${r.summary.fail ?? 0} failing, ${r.summary.error ?? 0} errors; ${r.deliveries} alert/ticket deliveries`,
    );
  return 0;
}

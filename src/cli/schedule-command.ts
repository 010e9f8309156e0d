import { Cron } from 'croner';
import type { Logger } from 'pino';
import { UsageError } from '../errors.js';
import { loadConfig, type Config, type Env } from '../config/load-config.js';
import { executeRun, type FailOn } from './run-command.js';
import { SIGTERM_EXIT_CODE } from './stop-on-sigterm.js';
import type { Output } from './output.js';

/** A cron expression (five fields, or six with seconds first), read in UTC; the error names the flag. */
export function parseCron(expression: string): Cron {
  try {
    return new Cron(expression, { paused: true, timezone: 'Etc/UTC' });
  } catch (cause) {
    throw new UsageError(
      `--cron: '${expression}' is not a cron expression (${(cause as Error).message}); expected e.g. "0 * * * *" (hourly)`,
      { cause },
    );
  }
}

export interface ScheduleDeps {
  /** One run; resolves to its exit code (143 when SIGTERM arrived while it committed). */
  runOnce: () => Promise<number>;
  log: Logger;
  /** Aborted on SIGTERM: no further tick starts. */
  stop: AbortSignal;
}

/**
 * Runs `runOnce` at every tick of `expression` until `stop` aborts. A tick that comes while a run is still going is
 * skipped, not queued (croner's `protect`), so runs in this process never overlap; the store's run lock keeps other
 * processes out. A failed run is logged and the next tick tries again.
 */
export function runSchedule(expression: string, deps: ScheduleDeps): Promise<number> {
  const { log } = deps;
  parseCron(expression);
  return new Promise<number>((resolve) => {
    let current: Promise<void> | undefined;
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      job.stop();
      deps.stop.removeEventListener('abort', onAbort);
      resolve(code);
    };
    const tick = async (): Promise<void> => {
      try {
        const code = await deps.runOnce();
        if (code === SIGTERM_EXIT_CODE) return finish(code);
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'scheduled run failed');
      }
      const next = job.nextRun();
      if (!deps.stop.aborted && next) log.info({ next: next.toISOString() }, 'next run');
    };
    const job = new Cron(
      expression,
      {
        timezone: 'Etc/UTC',
        protect: () => log.warn({ cron: expression }, 'the previous run is still going; this tick is skipped'),
      },
      () => (current = tick().finally(() => (current = undefined))),
    );
    // Between runs SIGTERM ends the schedule at once; during a run, `assay run`'s own SIGTERM rule applies and the
    // schedule ends once that run has returned.
    const onAbort = (): void => {
      job.stop();
      void (current ?? Promise.resolve()).then(() => finish(0));
    };
    if (deps.stop.aborted) return finish(0);
    deps.stop.addEventListener('abort', onAbort);
    log.info({ cron: expression, next: job.nextRun()?.toISOString() }, 'schedule started');
  });
}

/** `assay schedule --cron EXPR --config FILE`: the long-running container's entry point. */
export async function scheduleCommand(
  args: { config: string; cron: string; failOn: FailOn; store?: string },
  env: Env,
  makeLog: (c: Config) => Logger,
  out: Output,
): Promise<number> {
  parseCron(args.cron);
  // A config that does not load is refused now (exit 2), not at the first tick an hour later.
  const log = makeLog(await loadConfig(args.config, env));
  const controller = new AbortController();
  const onSigterm = (): void => controller.abort();
  process.on('SIGTERM', onSigterm);
  try {
    return await runSchedule(args.cron, {
      log,
      stop: controller.signal,
      runOnce: async () => {
        // Read afresh each time, so an edited config (or rotated secret reference) applies from the next run.
        const config = await loadConfig(args.config, env);
        const { exitCode } = await executeRun(config, makeLog(config), out, args.failOn, args.store);
        return exitCode;
      },
    });
  } finally {
    process.off('SIGTERM', onSigterm);
  }
}

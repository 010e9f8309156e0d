import type { Logger } from 'pino';
import { loadConfig, type Config, type Env } from '../config/load-config.js';
import { runPipeline, type RunResult } from '../engine/run-pipeline.js';
import { loadConfiguredExceptions } from '../config/load-exceptions.js';
import { collectorRegistry } from '../../collectors/index.js';
import { allDerivations } from '../../collectors/derived/index.js';
import { checkRegistry } from '../../checks/index.js';
import { terminalSummary } from '../reports/terminal-summary.js';
import { toolVersion } from '../version.js';
import { openRunStore } from './open-store.js';
import { SIGTERM_EXIT_CODE, stopOnSigterm } from './stop-on-sigterm.js';
import type { Output } from './output.js';

export type FailOn = 'none' | 'fail' | 'error';

export interface RunCommandResult {
  result: RunResult;
  reportPath: string;
  exitCode: number;
}

/** `--fail-on fail` exits 1 on any failing finding; `--fail-on error` also on findings that could not be evaluated. */
export function exitCodeFor(result: Pick<RunResult, 'findings'>, failOn: FailOn): number {
  if (failOn === 'none') return 0;
  const bad = result.findings.some((f) => f.status === 'fail' || (failOn === 'error' && f.status === 'error'));
  return bad ? 1 : 0;
}

export async function executeRun(
  config: Config,
  log: Logger,
  out: Output,
  failOn: FailOn,
  storeOverride?: string,
): Promise<RunCommandResult> {
  const checks = checkRegistry();
  // SIGTERM before the findings ends the process at once: let the next run in first.
  let release = (): Promise<void> => Promise.resolve();
  let stop!: ReturnType<typeof stopOnSigterm>;
  const opened = openRunStore(config, log, storeOverride, (blobs) => {
    stop = stopOnSigterm(blobs, (code) => void release().finally(() => process.exit(code)));
    return stop.blobs;
  });
  const { store } = opened;
  release = () => store.releaseRunLock();
  // The exceptions file, then the exceptions approved in the console of this store.
  const exceptions = await loadConfiguredExceptions(config, checks.keys(), store.records).catch((e: unknown) => {
    stop.dispose();
    opened.close();
    throw e;
  });
  const result = await runPipeline(config, {
    collectors: collectorRegistry(),
    derivations: allDerivations,
    checks,
    ...(exceptions ? { exceptions } : {}),
    store,
    log,
    toolVersion: toolVersion(),
  }).finally(async () => {
    stop.dispose();
    await store.releaseRunLock();
    opened.close();
  });
  const reportPath = opened.locationOf(`runs/${result.runId}/report.html`);
  out.print(terminalSummary(result.findings, result.changes));
  out.print(
    `\nRun ${result.runId} stored as #${result.manifest.sequence} in ${opened.location}\nReport: ${reportPath}`,
  );
  if (stop.stopping()) out.print(`Stopped by SIGTERM after the run was stored`);
  return { result, reportPath, exitCode: stop.stopping() ? SIGTERM_EXIT_CODE : exitCodeFor(result, failOn) };
}

export async function runCommand(
  args: { config: string; failOn: FailOn; store?: string },
  env: Env,
  log: (c: Config) => Logger,
  out: Output,
): Promise<number> {
  const config = await loadConfig(args.config, env);
  const { exitCode } = await executeRun(config, log(config), out, args.failOn, args.store);
  return exitCode;
}

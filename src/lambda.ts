import { configPathFromEnv, loadConfig } from './config/load-config.js';
import { createLogger } from './logging/create-logger.js';
import { executeRun } from './cli/run-command.js';

/** Scheduled (EventBridge) invocation: the same pipeline as `assay run`, JSON logs to CloudWatch. */
export async function handler(): Promise<{ runId: string; sequence: number; summary: Record<string, number> }> {
  const config = await loadConfig(configPathFromEnv());
  const log = createLogger({ level: config.log.level, pretty: false });
  const { result } = await executeRun(config, log, { print: (t) => log.info(t) }, 'none');
  return { runId: result.runId, sequence: result.manifest.sequence, summary: result.manifest.summary };
}

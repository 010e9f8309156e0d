import { pino } from 'pino';
import type { Collector } from '../../../src/model/collector.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { runCollectors } from '../../../src/engine/run-collectors.js';

/** Runs one AWS collector as a run does, with `sources.aws` given as YAML flow text. */
export async function runAwsCollector(
  collector: Collector,
  aws: string,
  env: Record<string, string> = {},
): Promise<{ snapshots: Snapshot[]; runs: Awaited<ReturnType<typeof runCollectors>>['runs'] }> {
  const config = parseConfig(`version: 1\nsources:\n  aws: ${aws}\n`, 'assay.yaml', {
    AWS_KEY: 'SIMakidtest',
    AWS_SECRET: 'simSecret',
    ...env,
  });
  const { snapshots, runs } = await runCollectors({
    jobs: [{ collector, config: config.sources.aws }],
    concurrency: 1,
    timeoutMs: 10_000,
    log: pino({ level: 'silent' }),
    now: () => new Date('2026-11-23T12:00:00Z'),
    resolveSecret: config.resolveSecret,
    onSnapshot: async () => {},
  });
  return { snapshots: snapshots.sort((a, b) => a.scope.id.localeCompare(b.scope.id)), runs };
}

export const CREDS = '{ accessKeyId: { env: AWS_KEY }, secretAccessKey: { env: AWS_SECRET } }';

import type { AnyCheck } from '../../src/model/check.js';
import { collectorOf } from '../../src/model/datasets/index.js';
import type { Finding } from '../../src/model/finding.js';
import type { Scope } from '../../src/model/scope.js';
import type { MissingDataset, Snapshot } from '../../src/model/snapshot.js';
import { runChecks } from '../../src/engine/run-checks.js';

export const NOW = new Date('2026-11-23T12:00:00Z');

export interface HarnessInput {
  scope: Scope;
  data?: Record<string, unknown>;
  missing?: Record<string, MissingDataset>;
  params?: Record<string, unknown>;
  now?: Date;
}

/** Runs one check through the engine exactly as a run does, from snapshots built out of `data` and `missing`. */
export function evaluate(check: AnyCheck, input: HarnessInput): Finding[] {
  const byCollector = new Map<string, Snapshot>();
  const snap = (collector: string): Snapshot => {
    if (!byCollector.has(collector)) {
      byCollector.set(collector, {
        schemaVersion: 1,
        collector,
        source: collector.split('-')[0]!,
        scope: input.scope,
        startedAt: NOW.toISOString(),
        collectedAt: NOW.toISOString(),
        calls: [],
        data: {},
        missing: {},
      });
    }
    return byCollector.get(collector)!;
  };
  for (const [k, v] of Object.entries(input.data ?? {})) snap(collectorOf(k)).data[k] = v;
  for (const [k, m] of Object.entries(input.missing ?? {})) snap(collectorOf(k)).missing[k] = m;
  for (const key of check.requires) snap(collectorOf(key));
  const params = check.params.parse(input.params ?? {});
  return runChecks([{ check, params }], [...byCollector.values()], input.now ?? NOW);
}

export const statuses = (fs: readonly Finding[]) => fs.map((f) => f.status);
export const messages = (fs: readonly Finding[]) => fs.map((f) => f.message);

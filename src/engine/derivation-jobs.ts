import type { Derivation, DerivationInput } from '../model/derivation.js';
import type { Config } from '../config/load-config.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import type { CollectorJob } from './run-collectors.js';
import { projectSnapshot, type RunSnapshots } from './run-snapshots.js';

/**
 * Each derivation as a collector job whose "config" is its input: its config section, the records, and the
 * snapshots that hold the datasets it declares it reads, carrying only those (read back from the store once for all).
 */
export async function derivationJobs(
  derivations: readonly Derivation[],
  config: Config,
  stored: RunSnapshots,
  store: EvidenceStore,
): Promise<CollectorJob[]> {
  const loaded = await stored.loadProjected(new Set(derivations.flatMap((d) => d.reads)));
  return derivations.map((d) => {
    const reads = new Set<string>(d.reads);
    const input: DerivationInput<unknown> = {
      config: d.section ? (config as unknown as Record<string, unknown>)[d.section] : undefined,
      snapshots: loaded
        .filter(
          (s) => Object.keys(s.data).some((k) => reads.has(k)) || Object.keys(s.missing).some((k) => reads.has(k)),
        )
        .map((s) => projectSnapshot(s, reads)),
      records: (type) => store.records.list(type),
    };
    return { collector: d.collector, config: input };
  });
}

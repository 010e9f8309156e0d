import type { Derivation, DerivationInput } from '../model/derivation.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Config } from '../config/load-config.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import type { CollectorJob } from './run-collectors.js';

/** Each derivation as a collector job whose "config" is its input: its config section, the snapshots, the records. */
export function derivationJobs(
  derivations: readonly Derivation[],
  config: Config,
  snapshots: readonly Snapshot[],
  store: EvidenceStore,
): CollectorJob[] {
  return derivations.map((d) => {
    const input: DerivationInput<unknown> = {
      config: d.section ? (config as unknown as Record<string, unknown>)[d.section] : undefined,
      snapshots: [...snapshots],
      records: (type) => store.records.list(type),
    };
    return { collector: d.collector, config: input };
  });
}

import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Collector, ScopeRecorder } from './collector.js';
import type { DatasetKey } from './datasets/index.js';
import type { StoredRecord } from './record.js';
import type { Scope } from './scope.js';
import type { Snapshot } from './snapshot.js';

/** The one scope derived datasets describe: the whole organization, across its systems. */
export const ORGANIZATION_SCOPE: Scope = { kind: 'global', id: 'organization', name: 'Organization' };

/** What the engine hands a derivation: its config section, every snapshot of the run, and the store's records. */
export interface DerivationInput<C> {
  config: C | undefined;
  snapshots: readonly Snapshot[];
  records(type: string): Promise<StoredRecord[]>;
}

export interface DerivationContext<C> extends DerivationInput<C> {
  now: Date;
  log: Logger;
  /** Records this derivation's datasets for {@link ORGANIZATION_SCOPE}, as a collector records a scope's. */
  scope(fn: (rec: ScopeRecorder) => Promise<void>): Promise<void>;
}

export interface DerivationDefinition<C> {
  /** Dataset keys are `<id>.<name>`. */
  id: string;
  /** The top-level config key it reads (`people`, `attestations`), if any. */
  section?: string;
  title: string;
  /**
   * The collected datasets it reads: the engine hands it only those (any other reads as missing), so a run holds a
   * projection of what was collected, not all of it.
   */
  reads: readonly DatasetKey[];
  schema: Partial<Record<DatasetKey, z.ZodType>>;
  derive(ctx: DerivationContext<C>): Promise<void>;
}

/**
 * A dataset computed after collection from what the collectors read and what the store holds (an identity graph
 * over every system, the attestations in force). It runs as a collector with no API of its own, so its snapshot is
 * validated, stored and, when it fails, turned into `error` findings exactly like a collector's.
 */
export interface Derivation {
  section?: string;
  reads: readonly DatasetKey[];
  collector: Collector<DerivationInput<unknown>>;
}

export function defineDerivation<C>(def: DerivationDefinition<C>): Derivation {
  return {
    ...(def.section ? { section: def.section } : {}),
    reads: def.reads,
    collector: {
      id: def.id,
      source: 'derived',
      title: def.title,
      permissions: [],
      schema: def.schema,
      collect: (ctx) => {
        const input = ctx.config as DerivationInput<C>;
        return def.derive({
          config: input.config,
          snapshots: input.snapshots,
          records: input.records,
          now: ctx.now,
          log: ctx.log,
          scope: (fn) => ctx.scope(ORGANIZATION_SCOPE, fn),
        });
      },
    },
  };
}

import type { Snapshot } from '../model/snapshot.js';

/** `snapshots/<collector>/<scope kind>-<scope id>.json.gz`, with characters unsafe in keys replaced. */
export const snapshotPath = (s: Pick<Snapshot, 'collector' | 'scope'>): string =>
  `snapshots/${s.collector}/${s.scope.kind}-${s.scope.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json.gz`;

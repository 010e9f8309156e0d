import { createHash } from 'node:crypto';
import type { Snapshot } from '../model/snapshot.js';

/**
 * `snapshots/<collector>/<scope kind>-<scope id>.json.gz`. An id with characters unsafe in keys is replaced and
 * suffixed with a short hash of the original, so two ids never share a path.
 */
export function snapshotPath(s: Pick<Snapshot, 'collector' | 'scope'>): string {
  const safe = s.scope.id.replace(/[^A-Za-z0-9._-]/g, '_');
  const id =
    safe === s.scope.id ? safe : `${safe}-${createHash('sha256').update(s.scope.id).digest('hex').slice(0, 8)}`;
  return `snapshots/${s.collector}/${s.scope.kind}-${id}.json.gz`;
}

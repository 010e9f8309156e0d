import { gunzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import { EvidenceError } from '../errors.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { sha256Hex } from '../evidence/manifest-codec.js';
import type { Manifest } from '../model/run.js';
import type { Scope } from '../model/scope.js';
import { SnapshotSchema, type Snapshot } from '../model/snapshot.js';
import { snapshotPath } from './snapshot-path.js';

/** Reads one collector's snapshot of one scope from a stored run; undefined when that run has none. */
export type PreviousSnapshotReader = (collector: string, scope: Scope) => Promise<Snapshot | undefined>;

/**
 * The snapshots of `manifest`'s run, read on demand and checked against the manifest's SHA-256 before use. One that
 * is absent, does not verify or does not parse is treated as absent (and logged): a collector then starts afresh,
 * never from data the evidence chain does not vouch for.
 */
export function previousSnapshotReader(store: EvidenceStore, manifest: Manifest, log: Logger): PreviousSnapshotReader {
  return async (collector, scope) => {
    const path = snapshotPath({ collector, scope });
    const artifact = manifest.artifacts.find((a) => a.path === path);
    if (!artifact) return undefined;
    try {
      const bytes = await store.readArtifact(manifest.runId, path);
      if (sha256Hex(bytes) !== artifact.sha256)
        throw new EvidenceError(`runs/${manifest.runId}/${path}: sha256 differs from the manifest`, {
          code: 'invalid',
        });
      return SnapshotSchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
    } catch (err) {
      log.warn(
        { runId: manifest.runId, path, err: err instanceof Error ? err.message : String(err) },
        'the previous snapshot could not be read; starting afresh',
      );
      return undefined;
    }
  };
}

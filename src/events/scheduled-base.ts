import { EvidenceError } from '../errors.js';
import type { ChainHead, EvidenceStore } from '../evidence/evidence-store.js';
import { decodeManifest, sha256Hex } from '../evidence/manifest-codec.js';
import { chainKey } from '../evidence/store-layout.js';
import type { Manifest } from '../model/run.js';

/** Event runs between two scheduled runs beyond this many mean something is wrong; the walk stops and says so. */
export const MAX_EVENT_RUNS_WALKED = 50_000;

export interface ScheduledBase {
  /** The newest scheduled run at or before `head`: what history, cursors and previous snapshots are computed against. */
  head: ChainHead | undefined;
  /** The event runs after it, newest first. */
  eventRuns: Manifest[];
}

/**
 * Walks back from `head` through `previous` links past event runs (`mode: 'event'`), which hold one event's findings
 * and no cursors: a scheduled run's new / regressed / resolved and its incremental reads follow the previous
 * scheduled run, not whatever event came last.
 */
export async function lastScheduledRun(store: EvidenceStore, head: ChainHead | undefined): Promise<ScheduledBase> {
  const eventRuns: Manifest[] = [];
  let at = head;
  while (at && at.manifest.mode === 'event') {
    if (eventRuns.length >= MAX_EVENT_RUNS_WALKED)
      throw new EvidenceError(
        `more than ${MAX_EVENT_RUNS_WALKED} event runs follow the last scheduled run (from #${head!.manifest.sequence} back)`,
      );
    eventRuns.push(at.manifest);
    const prev = at.manifest.previous;
    if (!prev) return { head: undefined, eventRuns };
    const key = chainKey(prev.sequence);
    const bytes = await store.blobs.get(key);
    if (sha256Hex(bytes) !== prev.manifestSha256)
      throw new EvidenceError(`${key}: sha256 differs from the link in run #${at.manifest.sequence}`, {
        code: 'invalid',
      });
    at = { manifest: decodeManifest(bytes, key), sha256: sha256Hex(bytes) };
  }
  return { head: at, eventRuns };
}

/** Failing finding keys the event runs stored (and alerted on): the scheduled run does not alert on them again. */
export async function keysAlertedByEvents(store: EvidenceStore, eventRuns: readonly Manifest[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const m of eventRuns)
    for (const f of (await store.readFindingsOf(m)) as Array<{ key: string; status: string }>)
      if (f.status === 'fail' || f.status === 'error') keys.add(f.key);
  return keys;
}

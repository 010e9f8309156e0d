import type { Manifest } from '../model/run.js';
import type { RecordAnchor } from '../model/record.js';
import { sequenceOfRecordKey, type RecordStore } from './record-store.js';

/**
 * What a run's manifest anchors: every record numbered after the previous manifest's anchor, with its SHA-256, so
 * that once a run commits, changing or deleting any record it anchors breaks `evidence verify`. Undefined while the
 * store holds no records.
 */
export async function anchorRecords(
  records: RecordStore,
  previous: Manifest | undefined,
): Promise<RecordAnchor | undefined> {
  const after = previous?.records?.through ?? 0;
  const keys = (await records.keys()).filter((k) => sequenceOfRecordKey(k)! > after);
  if (keys.length === 0) return after > 0 ? { through: after, entries: [] } : undefined;
  const entries: RecordAnchor['entries'] = [];
  for (const key of keys) {
    const r = await records.read(key);
    entries.push({ seq: r.seq, key, sha256: r.sha256 });
  }
  return { through: entries.at(-1)!.seq, entries };
}

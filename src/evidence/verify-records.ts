import type { BlobStore } from './blob-store.js';
import type { Manifest } from '../model/run.js';
import { sha256Hex } from './manifest-codec.js';
import { RecordStore, recordKey, sequenceOfRecordKey } from './record-store.js';
import type { Report } from './verify-chain.js';

export interface RecordsVerified {
  /** Records anchored by a manifest and unchanged. */
  anchored: number;
  /** Records written since the newest manifest: the next run anchors them. */
  pending: number;
}

/**
 * Every record a manifest anchors is present with its hash; numbering has no gap (a writer takes numbers in order,
 * so a gap is a deletion); files a record lists are present with their hashes.
 */
export async function verifyRecords(
  blobs: BlobStore,
  manifests: ReadonlyArray<{ key: string; manifest?: Manifest }>,
  report: Report,
): Promise<RecordsVerified> {
  const store = new RecordStore(blobs);
  const keys = await store.keys();
  const present = new Set(keys);
  const anchoredBy = new Map<number, { sha256: string; by: string }>();
  let through = 0;
  for (const { key, manifest } of manifests) {
    for (const e of manifest?.records?.entries ?? []) anchoredBy.set(e.seq, { sha256: e.sha256, by: key });
    through = Math.max(through, manifest?.records?.through ?? 0);
  }
  const last = Math.max(through, ...keys.map((k) => sequenceOfRecordKey(k)!));
  let anchored = 0;
  let pending = 0;
  for (let seq = 1; seq <= last; seq++) {
    const key = recordKey(seq);
    const anchor = anchoredBy.get(seq);
    if (!present.has(key)) {
      report(
        key,
        anchor
          ? `missing: anchored by ${anchor.by} but not in the store`
          : 'missing: a later record exists, so this one was deleted',
      );
      continue;
    }
    const bytes = await blobs.get(key);
    if (anchor) {
      if (sha256Hex(bytes) !== anchor.sha256) report(key, `sha256 differs from ${anchor.by}`);
      else anchored++;
    } else if (seq <= through) report(key, 'not anchored by any manifest although later records are');
    else pending++;
    try {
      const record = await store.read(key);
      for (const f of record.files) {
        const body = await blobs.get(f.key).catch(() => undefined);
        if (body === undefined) report(f.key, `missing: file '${f.name}' of ${key}`);
        else if (sha256Hex(body) !== f.sha256) report(f.key, `sha256 differs from ${key}`);
      }
    } catch (e) {
      report(key, e instanceof Error ? e.message : String(e));
    }
  }
  return { anchored, pending };
}

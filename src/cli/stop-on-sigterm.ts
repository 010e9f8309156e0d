import type { BlobStore } from '../evidence/blob-store.js';
import { CHAIN_PREFIX, FINDINGS_PATH } from '../evidence/store-layout.js';

/** 128 + SIGTERM (15), as a shell reports a process the signal ended. */
export const SIGTERM_EXIT_CODE = 143;

export interface SigtermStop {
  /** The store to run on: through it the guard sees when findings are written and when their manifest is. */
  readonly blobs: BlobStore;
  /** Whether SIGTERM arrived while the run was committing (the run finished its commit; exit with 143). */
  readonly stopping: () => boolean;
  dispose(): void;
}

/**
 * The graceful path. SIGTERM before a run writes its findings ends the process at once: nothing is committed, and
 * `verify` lists what the run wrote as incomplete. Findings without their manifest would read as a deleted manifest,
 * so from the findings write until the manifest is written the signal only marks the run as stopping.
 */
export function stopOnSigterm(
  inner: BlobStore,
  exit: (code: number) => void = (code) => process.exit(code),
): SigtermStop {
  let committing = false;
  let stopping = false;
  const onSigterm = (): void => {
    stopping = true;
    if (!committing) exit(SIGTERM_EXIT_CODE);
  };
  process.on('SIGTERM', onSigterm);
  const blobs: BlobStore = {
    location: inner.location,
    get: (key) => inner.get(key),
    list: (prefix) => inner.list(prefix),
    checkWritable: () => inner.checkWritable(),
    leftovers: () => inner.leftovers(),
    putIfAbsent: async (key, body) => {
      if (key.endsWith(`/${FINDINGS_PATH}`)) committing = true;
      if (!key.startsWith(CHAIN_PREFIX)) return inner.putIfAbsent(key, body);
      try {
        await inner.putIfAbsent(key, body);
      } finally {
        committing = false;
      }
    },
  };
  return { blobs, stopping: () => stopping, dispose: () => process.off('SIGTERM', onSigterm) };
}

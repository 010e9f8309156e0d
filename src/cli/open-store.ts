import path from 'node:path';
import { EvidenceStore, type EvidenceStoreOptions } from '../evidence/evidence-store.js';
import { FsBlobStore } from '../evidence/fs-blob-store.js';

export const openLocalStore = (
  dir: string,
  options: EvidenceStoreOptions = {},
): { store: EvidenceStore; blobs: FsBlobStore } => {
  const blobs = new FsBlobStore(path.resolve(dir));
  return { store: new EvidenceStore(blobs, options), blobs };
};

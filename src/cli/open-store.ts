import path from 'node:path';
import { EvidenceStore } from '../evidence/evidence-store.js';
import { FsBlobStore } from '../evidence/fs-blob-store.js';

export const openLocalStore = (dir: string): { store: EvidenceStore; blobs: FsBlobStore } => {
  const blobs = new FsBlobStore(path.resolve(dir));
  return { store: new EvidenceStore(blobs), blobs };
};

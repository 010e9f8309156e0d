import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EvidenceStore, type CommitFields } from '../../src/evidence/evidence-store.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';
import type { Manifest } from '../../src/model/run.js';

export interface TempStore {
  dir: string;
  blobs: FsBlobStore;
  store: EvidenceStore;
  cleanup: () => Promise<void>;
}

export async function tempStore(): Promise<TempStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-evidence-'));
  const blobs = new FsBlobStore(dir);
  return { dir, blobs, store: new EvidenceStore(blobs), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const commitFields = (finishedAt = '2026-11-23T11:32:00.000Z'): CommitFields => ({
  finishedAt,
  tool: { name: 'assay', version: '0.1.0' },
  configDigest: `sha256:${'a'.repeat(64)}`,
  collectors: [
    { collector: 'github', scopes: 1, requests: 3, failedOperations: [], durationMs: 12, timedOut: false, cursors: {} },
  ],
  summary: { pass: 1, fail: 1, error: 0, not_applicable: 0 },
});

const text = (s: string) => Buffer.from(s);

/** A small complete run: a snapshot; then, under its sequence claim, findings and a report; then the manifest. */
export async function storeRun(
  store: EvidenceStore,
  runId: string,
  startedAt = new Date('2026-11-23T11:31:05.000Z'),
): Promise<Manifest> {
  const writer = store.beginRun(runId, startedAt);
  await writer.add(
    'snapshots/github/github-org-acme.json.gz',
    text(`{"run":"${runId}","data":[1,2,3]}`),
    'application/gzip',
  );
  const committed = await writer.commitAfter(() =>
    Promise.resolve({
      artifacts: [
        {
          path: 'findings.jsonl',
          body: text(`{"key":"a","status":"pass"}\n{"key":"b","status":"fail"}\n`),
          mediaType: 'application/x-ndjson',
        },
        { path: 'report.html', body: text(`<html><body>${runId}</body></html>`), mediaType: 'text/html' },
      ],
      fields: commitFields(),
    }),
  );
  return committed.manifest;
}

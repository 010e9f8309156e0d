import { gzipSync } from 'node:zlib';
import type { EvidenceStore } from '../../src/evidence/evidence-store.js';
import type { Finding } from '../../src/model/finding.js';
import type { Manifest } from '../../src/model/run.js';
import type { Snapshot } from '../../src/model/snapshot.js';

export const finding = (
  checkId: string,
  status: Finding['status'],
  resource: string,
  extra: Partial<Finding> = {},
): Finding => ({
  key: `${checkId}|github-org:acme|${resource}`,
  checkId,
  checkVersion: 1,
  title: `${checkId} holds`,
  status,
  severity: 'high',
  scope: { kind: 'github-org', id: 'acme', name: 'acme' },
  resource: { type: 'repository', id: resource, name: resource },
  message: `${resource}: ${status}`,
  observed: { resource },
  controls: ['iso27001:8.5'],
  ...extra,
});

/** The github collector's snapshot of org acme holding `data`. */
export const acmeSnapshot = (startedAt: string, data: Record<string, unknown>): Snapshot => ({
  schemaVersion: 1,
  collector: 'github',
  source: 'github',
  scope: { kind: 'github-org', id: 'acme', name: 'acme' },
  startedAt,
  collectedAt: startedAt,
  calls: Object.keys(data).map((dataset) => ({
    operation: `read ${dataset}`,
    dataset,
    ok: true,
    requests: 1,
    durationMs: 1,
  })),
  data,
  missing: {},
});

/** A run of `findings` with the github snapshot of scope acme (holding `data`), chained onto the store's head. */
export async function storeFindings(
  store: EvidenceStore,
  runId: string,
  startedAt: string,
  findings: readonly Finding[],
  data: Record<string, unknown> = {},
  mode?: 'scheduled' | 'event',
): Promise<Manifest> {
  const writer = store.beginRun(runId, new Date(startedAt));
  await writer.add(
    'snapshots/github/github-org-acme.json.gz',
    gzipSync(JSON.stringify(acmeSnapshot(startedAt, data))),
    'application/gzip',
  );
  const n = (s: Finding['status']) => findings.filter((f) => f.status === s).length;
  const { manifest } = await writer.commitAfter(() =>
    Promise.resolve({
      artifacts: [
        {
          path: 'findings.jsonl',
          body: Buffer.from(findings.map((f) => JSON.stringify(f)).join('\n') + '\n'),
          mediaType: 'application/x-ndjson',
        },
      ],
      fields: {
        finishedAt: startedAt,
        ...(mode ? { mode } : {}),
        tool: { name: 'assay', version: 'test' },
        configDigest: `sha256:${'a'.repeat(64)}`,
        collectors: [
          {
            collector: 'github',
            scopes: 1,
            requests: 2,
            failedOperations: ['GET /orgs/acme/members'],
            durationMs: 5,
            timedOut: false,
            cursors: {},
          },
        ],
        summary: {
          pass: n('pass'),
          fail: n('fail'),
          error: n('error'),
          not_applicable: n('not_applicable'),
          excepted: n('excepted'),
        },
      },
    }),
  );
  return manifest;
}

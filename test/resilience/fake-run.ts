import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline, type RunResult } from '../../src/engine/run-pipeline.js';
import type { BlobStore } from '../../src/evidence/blob-store.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { defineCheck } from '../../src/model/check.js';
import { defineCollector } from '../../src/model/collector.js';
import { datasets } from '../../src/model/datasets/index.js';

export const ORGS = ['acme', 'beta', 'gamma', 'delta'];
/** How long the fake collector waits before each org's snapshot: the run lasts about ORGS.length times this. */
export const READ_MS = 40;

const config = parseConfig(
  `version: 1\nsources:\n  github:\n    auth: { token: { env: GH } }\n    orgs: [${ORGS.join(', ')}]\n`,
  'assay.yaml',
  { GH: 'not-a-real-token' },
);

/** One run of a fake GitHub source (one snapshot per org, written one after another) into `blobs`. */
export function fakeRun(blobs: BlobStore): Promise<RunResult> {
  const collector = defineCollector({
    id: 'github',
    source: 'github',
    title: 'fake',
    permissions: [],
    schema: { 'github.org': datasets['github.org'] },
    collect: async (ctx) => {
      for (const [i, login] of ORGS.entries()) {
        await new Promise((resolve) => setTimeout(resolve, READ_MS));
        await ctx.scope({ kind: 'github-org', id: login }, async (rec) => {
          await rec.dataset('github.org', () => Promise.resolve({ login, id: i + 1 }));
        });
      }
    },
  });
  const check = defineCheck({
    id: 'fake-org-check',
    title: 'The org is fine',
    severity: 'high',
    rationale: 'r',
    remediation: 'm',
    requires: ['github.org'],
    controls: ['iso27001:5.17'],
    evaluate: () => ORGS.map((id) => ({ status: 'pass' as const, resource: { type: 'org', id }, message: 'the org' })),
  });
  return runPipeline(config, {
    collectors: new Map([[collector.id, collector]]),
    checks: new Map([[check.id, check]]),
    store: new EvidenceStore(blobs, { staleClaimAfterMs: 1000, pollMs: 50 }),
    log: pino({ level: 'silent' }),
    toolVersion: 't',
  });
}

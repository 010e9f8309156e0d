import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline } from '../../src/engine/run-pipeline.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { snapshotPath } from '../../src/engine/snapshot-path.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { artifactKey } from '../../src/evidence/store-layout.js';
import { defineCheck } from '../../src/model/check.js';
import { defineCollector } from '../../src/model/collector.js';
import { datasets } from '../../src/model/datasets/index.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';

const config = parseConfig(
  'version: 1\nsources:\n  github:\n    auth: { token: { env: GH } }\n    orgs: [acme]\n',
  'assay.yaml',
  { GH: 'not-a-real-token' },
);
const scope = { kind: 'github-org', id: 'acme' } as const;

/** Each run stores the org with `id` one more than the previous run's, as a collector carrying state would. */
function countingSource(state: { fail: boolean; seen: Array<number | undefined> }) {
  const collector = defineCollector({
    id: 'github',
    source: 'github',
    title: 'fake',
    permissions: [],
    schema: { 'github.org': datasets['github.org'] },
    collect: (ctx) =>
      ctx.scope(scope, async (rec) => {
        const previous = await rec.previousData('github.org');
        state.seen.push(previous?.id);
        await rec.dataset('github.org', () =>
          state.fail
            ? Promise.reject(new Error('boom'))
            : Promise.resolve({ login: 'acme', id: (previous?.id ?? 0) + 1 }),
        );
      }),
  });
  const check = defineCheck({
    id: 'fake-org-check',
    title: 'The org is fine',
    severity: 'high',
    rationale: 'r',
    remediation: 'm',
    requires: ['github.org'],
    controls: ['iso27001:5.17'],
    evaluate: () => [{ status: 'pass', resource: { type: 'org', id: 'acme' }, message: 'the org' }],
  });
  return { collectors: new Map([[collector.id, collector]]), checks: new Map([[check.id, check]]) };
}

describe('previous data: state a collector carries from run to run', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  it("hands each run the previous run's dataset of the same scope; none after a run that did not collect it", async () => {
    const state = { fail: false, seen: [] as Array<number | undefined> };
    const deps = () => ({
      ...countingSource(state),
      store: new EvidenceStore(t.blobs, { pollMs: 5 }),
      log: pino({ level: 'silent' }),
      toolVersion: 't',
    });
    await runPipeline(config, deps());
    await runPipeline(config, deps());
    state.fail = true;
    await runPipeline(config, deps());
    state.fail = false;
    await runPipeline(config, deps());
    expect(state.seen).toEqual([undefined, 1, 2, undefined]);
  });

  it('ignores a previous snapshot that no longer matches its manifest (the chain does not vouch for it)', async () => {
    const state = { fail: false, seen: [] as Array<number | undefined> };
    const deps = () => ({
      ...countingSource(state),
      store: new EvidenceStore(t.blobs, { pollMs: 5 }),
      log: pino({ level: 'silent' }),
      toolVersion: 't',
    });
    const first = await runPipeline(config, deps());
    const key = artifactKey(first.runId, snapshotPath({ collector: 'github', scope }));
    await writeFile(path.join(t.dir, key), 'tampered');
    await runPipeline(config, deps());
    expect(state.seen).toEqual([undefined, undefined]);
  });
});

describe('per-result controls', () => {
  const check = defineCheck({
    id: 'fake-mixed-check',
    title: 'Apps are approved',
    severity: 'medium',
    rationale: 'r',
    remediation: 'm',
    requires: ['github.org'],
    controls: ['iso27001:5.19', 'iso42001:A.9.2'],
    evaluate: () => [
      { status: 'fail', resource: { type: 'app', id: 'plain' }, message: 'plain', controls: ['iso27001:5.19'] },
      { status: 'fail', resource: { type: 'app', id: 'ai' }, message: 'ai' },
      {
        status: 'fail',
        resource: { type: 'app', id: 'stray' },
        message: 'stray',
        controls: ['iso27001:5.19', 'iso27001:8.1'],
      },
    ],
  });
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collector: 'github',
    source: 'github',
    scope,
    startedAt: '2026-11-23T12:00:00.000Z',
    collectedAt: '2026-11-23T12:00:00.000Z',
    calls: [],
    data: { 'github.org': { login: 'acme', id: 1 } },
    missing: {},
  };

  it('maps a result to the subset it names, of the controls the check declares; all of them by default', () => {
    const findings = runChecks([{ check, params: {} }], [snapshot], new Date('2026-11-23T12:00:00Z'));
    expect(findings.map((f) => [f.resource.id, f.controls])).toEqual([
      ['plain', ['iso27001:5.19']],
      ['ai', ['iso27001:5.19', 'iso42001:A.9.2']],
      ['stray', ['iso27001:5.19']],
    ]);
  });
});

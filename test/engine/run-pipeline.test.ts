import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline, type PipelineDeps } from '../../src/engine/run-pipeline.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { defineCheck } from '../../src/model/check.js';
import { defineCollector } from '../../src/model/collector.js';
import { datasets } from '../../src/model/datasets/index.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';

const config = parseConfig(
  'version: 1\nsources:\n  github:\n    auth: { token: { env: GH } }\n    orgs: [acme]\n',
  'assay.yaml',
  { GH: 'not-a-real-token' },
);

/** One org; its check fails while `failing` says so. Collectors of runs started together wait for each other. */
function fakeSource(state: { failing: boolean; together: number }) {
  let arrived = 0;
  let release!: () => void;
  const allIn = new Promise<void>((resolve) => (release = resolve));
  const collector = defineCollector({
    id: 'github',
    source: 'github',
    title: 'fake',
    permissions: [],
    schema: { 'github.org': datasets['github.org'] },
    collect: (ctx) =>
      ctx.scope({ kind: 'github-org', id: 'acme' }, async (rec) => {
        if (++arrived >= state.together) release();
        await allIn;
        await rec.dataset('github.org', () => Promise.resolve({ login: 'acme', id: 1 }));
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
    evaluate: () => [
      { status: state.failing ? 'fail' : 'pass', resource: { type: 'org', id: 'acme' }, message: 'the org' },
    ],
  });
  return { collectors: new Map([[collector.id, collector]]), checks: new Map([[check.id, check]]) };
}

describe('runPipeline', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  it('computes history against the manifest a run chains to, even when two runs overlap', async () => {
    const state = { failing: false, together: 1 };
    const store = new EvidenceStore(t.blobs, { pollMs: 5 });
    const deps = (): PipelineDeps => ({
      ...fakeSource(state),
      store,
      log: pino({ level: 'silent' }),
      toolVersion: 't',
    });
    const first = await runPipeline(config, deps());
    expect(first.findings[0]).toMatchObject({ status: 'pass', lifecycle: 'unchanged' });

    state.failing = true;
    state.together = 2;
    const shared = deps();
    const results = await Promise.all([runPipeline(config, shared), runPipeline(config, shared)]);
    const [earlier, later] = results.sort((a, b) => a.manifest.sequence - b.manifest.sequence);
    expect([earlier.manifest.sequence, later.manifest.sequence]).toEqual([2, 3]);
    expect(later.manifest.previous?.runId).toBe(earlier.runId);
    expect(earlier.findings[0]).toMatchObject({ lifecycle: 'new' });
    expect(later.findings[0]).toMatchObject({
      lifecycle: 'still_failing',
      firstSeen: earlier.findings[0]!.firstSeen,
    });
    expect(later.changes).toMatchObject({ new: [], stillFailing: 1 });
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 3, problems: [] });
  });

  it('applies exceptions: excepted while in force, failing again once expired (still failing since it was first seen), recorded in every run', async () => {
    const state = { failing: true, together: 1 };
    const store = new EvidenceStore(t.blobs, { pollMs: 5 });
    const exceptions = {
      file: 'exceptions.yaml',
      sha256: 'ab'.repeat(32),
      entries: [
        {
          id: 'acme-accepted',
          check: 'fake-org-check',
          resource: 'acme',
          justification: 'Accepted until the migration ends',
          approvedBy: 'ciso@example.com',
          approvedOn: '2026-11-01',
          expires: '2026-12-07',
          ticket: 'https://tracker.example.com/SEC-9',
        },
      ],
    };
    const at = (iso: string): PipelineDeps => ({
      ...fakeSource(state),
      store,
      log: pino({ level: 'silent' }),
      toolVersion: 't',
      clock: () => new Date(iso),
      exceptions,
    });
    const during = await runPipeline(config, at('2026-12-07T12:00:00Z'));
    expect(during.findings[0]).toMatchObject({
      status: 'excepted',
      exception: { id: 'acme-accepted', state: 'in_force' },
    });
    expect(during.manifest.summary).toEqual({ pass: 0, fail: 0, error: 0, not_applicable: 0, excepted: 1 });
    expect(during.manifest.exceptions).toEqual({
      file: 'exceptions.yaml',
      sha256: 'ab'.repeat(32),
      inForce: ['acme-accepted'],
      expired: [],
      stale: [],
    });
    expect(during.manifest.artifacts.map((a) => a.path)).toContain('exceptions.json');

    const after = await runPipeline(config, at('2026-12-08T12:00:00Z'));
    expect(after.findings[0]).toMatchObject({
      status: 'fail',
      lifecycle: 'still_failing',
      firstSeen: during.findings[0]!.firstSeen,
      exception: { id: 'acme-accepted', state: 'expired' },
    });
    expect(after.changes.new).toEqual([]);
    expect(after.manifest.exceptions).toMatchObject({ inForce: [], expired: ['acme-accepted'] });
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 2 });
  });
});

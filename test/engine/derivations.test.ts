import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline } from '../../src/engine/run-pipeline.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { defineCollector } from '../../src/model/collector.js';
import { defineDerivation, ORGANIZATION_SCOPE } from '../../src/model/derivation.js';
import { datasets, type DatasetKey } from '../../src/model/datasets/index.js';
import { tempStore, type TempStore } from '../evidence/evidence-fixtures.js';

const config = parseConfig(
  'version: 1\nsources:\n  github:\n    auth: { token: { env: GH } }\n    orgs: [acme]\n',
  'assay.yaml',
  { GH: 'not-a-real-token' },
);

const collector = defineCollector({
  id: 'github',
  source: 'github',
  title: 'fake',
  permissions: [],
  schema: { 'github.org': datasets['github.org'], 'github.members': datasets['github.members'] },
  collect: (ctx) =>
    ctx.scope({ kind: 'github-org', id: 'acme' }, async (rec) => {
      await rec.dataset('github.org', () => Promise.resolve({ login: 'acme', id: 1 }));
      await rec.dataset('github.members', () => Promise.resolve([]));
    }),
});

// The test borrows a real key for its derived dataset: the recorder only needs the derivation to declare it.
const KEY = 'github.org' as DatasetKey;
const seen = z.object({ login: z.string(), id: z.number() });

describe('derivations', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  it('run after the collectors, see every snapshot and the records, and are stored as organization snapshots', async () => {
    const store = new EvidenceStore(t.blobs);
    await store.records.append('attestation', { by: 'ciso@example.com', data: {} });
    let input: unknown;
    const derivation = defineDerivation({
      id: 'tally',
      title: 'tally',
      reads: ['github.org'],
      schema: { [KEY]: seen },
      derive: (ctx) =>
        ctx.scope(async (rec) => {
          input = ctx.snapshots;
          const records = await ctx.records('attestation');
          await rec.dataset(KEY, () =>
            Promise.resolve({ login: `${ctx.snapshots.length} snapshots`, id: records.length } as never),
          );
        }),
    });
    const result = await runPipeline(config, {
      collectors: new Map([[collector.id, collector]]),
      checks: new Map(),
      derivations: [derivation],
      store,
      log: pino({ level: 'silent' }),
      toolVersion: 'test',
    });
    const derived = (await result.loadSnapshots()).find((s) => s.collector === 'tally')!;
    expect(derived.scope).toEqual(ORGANIZATION_SCOPE);
    expect(derived.data[KEY]).toEqual({ login: '1 snapshots', id: 1 });
    // Only what it declares it reads; anything else reads as a gap, never as data that could be empty.
    expect(input).toMatchObject([
      {
        collector: 'github',
        data: { 'github.org': { login: 'acme', id: 1 } },
        missing: {
          'github.members': {
            kind: 'error',
            operation: 'derivation input',
            message: 'github.members is not among the datasets this derivation declares it reads',
          },
        },
      },
    ]);
    expect(Object.keys((input as Array<{ data: object }>)[0]!.data)).toEqual(['github.org']);
    expect(result.manifest.collectors.map((c) => c.collector)).toEqual(['github', 'tally']);
    expect(result.manifest.records?.through).toBe(1);
  });

  it('that throw leave their datasets missing, naming the operation, like a failed collector', async () => {
    const derivation = defineDerivation({
      id: 'broken',
      title: 'broken',
      reads: [],
      schema: { [KEY]: seen },
      derive: (ctx) =>
        ctx.scope(async (rec) => {
          await rec.dataset(KEY, (call) => call('build graph', () => Promise.reject(new Error('no people'))));
        }),
    });
    const result = await runPipeline(config, {
      collectors: new Map([[collector.id, collector]]),
      checks: new Map(),
      derivations: [derivation],
      store: new EvidenceStore(t.blobs),
      log: pino({ level: 'silent' }),
      toolVersion: 'test',
    });
    const derived = (await result.loadSnapshots()).find((s) => s.collector === 'broken')!;
    expect(derived.missing[KEY]).toMatchObject({ kind: 'error', operation: 'build graph', message: 'no people' });
  });
});

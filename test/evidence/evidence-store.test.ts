import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/evidence/blob-store.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { sha256Hex } from '../../src/evidence/manifest-codec.js';
import { newRunId } from '../../src/evidence/run-id.js';
import { EvidenceError } from '../../src/errors.js';
import { commitFields, storeRun, tempStore, type TempStore } from './evidence-fixtures.js';

/** Holds every reader of the chain head until `parties` of them have read it, so their commits truly race. */
function raceOnHead(inner: BlobStore, parties: number): BlobStore {
  let waiting = parties;
  let release!: () => void;
  const barrier = new Promise<void>((resolve) => (release = resolve));
  return {
    location: inner.location,
    putIfAbsent: (key, body) => inner.putIfAbsent(key, body),
    get: (key) => inner.get(key),
    checkWritable: () => inner.checkWritable(),
    leftovers: () => inner.leftovers(),
    list: async (prefix) => {
      const keys = await inner.list(prefix);
      if (prefix === 'chain/' && waiting > 0) {
        if (--waiting === 0) release();
        await barrier;
      }
      return keys;
    },
  };
}

describe('EvidenceStore', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  it('lays out artifacts under runs/<runId>/ and the manifest under chain/', async () => {
    const m = await storeRun(t.store, 'run-a');
    expect(m).toMatchObject({
      schemaVersion: 1,
      runId: 'run-a',
      sequence: 1,
      previous: null,
      startedAt: '2026-11-23T11:31:05.000Z',
    });
    expect(m.artifacts.map((a) => a.path)).toEqual([
      'snapshots/github/github-org-acme.json.gz',
      'findings.jsonl',
      'report.html',
    ]);
    expect(await t.blobs.list('')).toEqual([
      'chain/00000001.json',
      'claims/00000001.json',
      'intents/00000001.run-a.json',
      'runs/run-a/findings.jsonl',
      'runs/run-a/report.html',
      'runs/run-a/snapshots/github/github-org-acme.json.gz',
    ]);
    const report = await t.store.readArtifact('run-a', 'report.html');
    expect(m.artifacts[2]).toEqual({
      path: 'report.html',
      sha256: sha256Hex(report),
      size: report.byteLength,
      mediaType: 'text/html',
    });
  });

  it('chains runs: the second links to the sha256 of the first manifest file', async () => {
    expect(await t.store.head()).toBeUndefined();
    await storeRun(t.store, 'run-a');
    const firstBytes = await t.blobs.get('chain/00000001.json');
    const second = await storeRun(t.store, 'run-b');
    expect(second.sequence).toBe(2);
    expect(second.previous).toEqual({ sequence: 1, runId: 'run-a', manifestSha256: sha256Hex(firstBytes) });
    const head = await t.store.head();
    expect(head?.manifest).toEqual(second);
    expect(head?.sha256).toBe(sha256Hex(await t.blobs.get('chain/00000002.json')));
    await storeRun(t.store, 'run-c');
    expect((await t.store.listRuns()).map((m) => [m.sequence, m.runId])).toEqual([
      [1, 'run-a'],
      [2, 'run-b'],
      [3, 'run-c'],
    ]);
  });

  it('gives concurrent commits against the same head distinct sequences and an unbroken chain', async () => {
    await storeRun(t.store, 'run-0');
    const racing = new EvidenceStore(raceOnHead(t.blobs, 3), { pollMs: 5 });
    const writers = ['run-x', 'run-y', 'run-z'].map((id) => racing.beginRun(id, new Date('2026-11-23T12:00:00Z')));
    await Promise.all(writers.map((w) => w.add('snapshot.txt', Buffer.from(`${w.runId}\n`), 'text/plain')));
    const results = await Promise.all(writers.map((w) => w.commit(commitFields())));
    expect(results.map((r) => r.manifest.sequence).sort()).toEqual([2, 3, 4]);
    expect(new Set(results.map((r) => r.key)).size).toBe(3);
    const runs = await t.store.listRuns();
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.previous).toEqual({
        sequence: i,
        runId: runs[i - 1]!.runId,
        manifestSha256: sha256Hex(await t.blobs.get(`chain/${String(i).padStart(8, '0')}.json`)),
      });
    }
  });

  it('lists artifacts in the order add was called even when writes finish out of order', async () => {
    const w = t.store.beginRun('run-a', new Date());
    const big = Buffer.alloc(256 * 1024, 1);
    await Promise.all([
      w.add('first.bin', big, 'application/octet-stream'),
      w.add('second.txt', Buffer.from('s'), 'text/plain'),
    ]);
    const { manifest } = await w.commit(commitFields());
    expect(manifest.artifacts.map((a) => a.path)).toEqual(['first.bin', 'second.txt']);
  });

  it('reads the findings of a run, checked against its manifest', async () => {
    const m = await storeRun(t.store, 'run-a');
    expect(await t.store.readFindingsOf(m)).toEqual([
      { key: 'a', status: 'pass' },
      { key: 'b', status: 'fail' },
    ]);
    expect(await t.store.readFindingsOf({ ...m, artifacts: [] })).toEqual([]);
    const forged = { ...m, artifacts: m.artifacts.map((a) => ({ ...a, sha256: '0'.repeat(64) })) };
    await expect(t.store.readFindingsOf(forged)).rejects.toThrow(/findings\.jsonl: sha256 differs/);
  });

  it('refuses to reuse an artifact path, to add after commit, or to commit twice', async () => {
    const w = t.store.beginRun('run-a', new Date());
    await w.add('x.txt', Buffer.from('1'), 'text/plain');
    await expect(w.add('x.txt', Buffer.from('2'), 'text/plain')).rejects.toMatchObject({ code: 'exists' });
    await expect(w.commit(commitFields())).rejects.toThrow(/artifact was not stored/);
    const ok = t.store.beginRun('run-b', new Date());
    await ok.commit(commitFields());
    await expect(ok.add('late.txt', Buffer.from('x'), 'text/plain')).rejects.toBeInstanceOf(EvidenceError);
    await expect(ok.commit(commitFields())).rejects.toBeInstanceOf(EvidenceError);
  });

  it('rejects run ids and artifact paths that would escape the run directory', async () => {
    expect(() => t.store.beginRun('../x', new Date())).toThrow(EvidenceError);
    expect(() => t.store.beginRun('a/b', new Date())).toThrow(EvidenceError);
    const w = t.store.beginRun('run-a', new Date());
    await expect(w.add('../run-b/x', Buffer.from('x'), 'text/plain')).rejects.toMatchObject({ code: 'invalid' });
  });

  it('refuses to commit a manifest that would not validate', async () => {
    const w = t.store.beginRun('run-a', new Date());
    await expect(w.commit({ ...commitFields(), finishedAt: 'yesterday' })).rejects.toThrow(/finishedAt/);
    expect(await t.blobs.list('chain/')).toEqual([]);
  });
});

describe('newRunId', () => {
  it('is sortable by time and unique', () => {
    const id = newRunId(new Date('2026-11-23T11:31:05.123Z'));
    expect(id).toMatch(/^20261123T113105Z-[0-9a-f]{6}$/);
    expect(newRunId(new Date('2026-11-23T11:31:05Z'))).not.toBe(newRunId(new Date('2026-11-23T11:31:05Z')));
    expect(newRunId(new Date('2026-11-23T09:00:00Z')) < newRunId(new Date('2026-11-23T10:00:00Z'))).toBe(true);
  });
});

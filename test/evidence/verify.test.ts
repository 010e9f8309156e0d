import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { storeRun, tempStore, type TempStore } from './evidence-fixtures.js';

const fileOf = (t: TempStore, key: string) => path.join(t.dir, ...key.split('/'));

async function flipByte(t: TempStore, key: string, at: 'first' | 'middle' | 'last'): Promise<() => Promise<void>> {
  const file = fileOf(t, key);
  const original = await readFile(file);
  const tampered = Buffer.from(original);
  const i = at === 'first' ? 0 : at === 'last' ? tampered.length - 1 : Math.floor(tampered.length / 2);
  tampered[i] = tampered[i]! ^ 0x01;
  await writeFile(file, tampered);
  return () => writeFile(file, original);
}

describe('verifyEvidence', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
    await storeRun(t.store, 'run-a');
    await storeRun(t.store, 'run-b');
    await storeRun(t.store, 'run-c');
  });
  afterEach(() => t.cleanup());

  it('passes an untouched store', async () => {
    expect(await verifyEvidence(t.blobs)).toEqual({
      ok: true,
      runs: 3,
      problems: [],
      incompleteRuns: [],
      leftovers: [],
      records: { anchored: 0, pending: 0 },
      rolledForward: [],
      pendingCommits: [],
    });
  });

  it('passes an empty store', async () => {
    await rm(t.dir, { recursive: true, force: true });
    expect(await verifyEvidence(t.blobs)).toEqual({
      ok: true,
      runs: 0,
      problems: [],
      incompleteRuns: [],
      leftovers: [],
      records: { anchored: 0, pending: 0 },
      rolledForward: [],
      pendingCommits: [],
    });
  });

  it('names the file when any single byte of any stored file changes', async () => {
    const keys = await t.blobs.list('');
    expect(keys).toHaveLength(18);
    expect(keys.filter((k) => k.startsWith('claims/'))).toHaveLength(3);
    expect(keys.filter((k) => k.startsWith('intents/'))).toHaveLength(3);
    for (const key of keys) {
      for (const at of ['first', 'middle', 'last'] as const) {
        const restore = await flipByte(t, key, at);
        const report = await verifyEvidence(t.blobs);
        expect(report.ok, `${key} (${at} byte)`).toBe(false);
        expect(
          report.problems.map((p) => p.path),
          `${key} (${at} byte)`,
        ).toContain(key);
        await restore();
      }
    }
    expect((await verifyEvidence(t.blobs)).ok).toBe(true);
  });

  it('reports a changed artifact as a sha256 mismatch', async () => {
    await flipByte(t, 'runs/run-b/findings.jsonl', 'middle');
    expect((await verifyEvidence(t.blobs)).problems).toEqual([
      { path: 'runs/run-b/findings.jsonl', problem: 'sha256 differs from the manifest' },
    ]);
  });

  it('reports a tampered manifest and the broken link after it', async () => {
    await flipByte(t, 'chain/00000002.json', 'middle');
    const paths = (await verifyEvidence(t.blobs)).problems.map((p) => p.path);
    expect(paths).toContain('chain/00000002.json');
    expect(paths).toContain('chain/00000003.json');
  });

  it('reports a deleted artifact', async () => {
    await unlink(fileOf(t, 'runs/run-a/report.html'));
    const report = await verifyEvidence(t.blobs);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ path: 'runs/run-a/report.html', problem: expect.stringMatching(/^missing/) }]);
  });

  it('reports a file added to a completed run', async () => {
    await writeFile(fileOf(t, 'runs/run-b/extra.json'), '{}');
    const report = await verifyEvidence(t.blobs);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ path: 'runs/run-b/extra.json', problem: expect.stringMatching(/unlisted/) }]);
  });

  it('treats a run killed between artifacts as incomplete, not as tampering', async () => {
    const w = t.store.beginRun('run-killed', new Date('2026-11-23T12:00:00Z'));
    await w.add('snapshots/github/github-org-acme.json.gz', Buffer.from('partial'), 'application/gzip');
    await w.add('snapshots/github/github-org-acme-research.json.gz', Buffer.from('partial'), 'application/gzip');
    const killed = [{ runId: 'run-killed', detail: 'stopped while collecting, before it claimed a chain sequence' }];
    expect(await verifyEvidence(t.blobs)).toEqual({
      ok: true,
      runs: 3,
      problems: [],
      incompleteRuns: killed,
      leftovers: [],
      records: { anchored: 0, pending: 0 },
      rolledForward: [],
      pendingCommits: [],
    });
    const next = await storeRun(t.store, 'run-d');
    expect(next.previous?.runId).toBe('run-c');
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 4, incompleteRuns: killed });
  });

  it('detects a deleted middle manifest as a gap in the chain', async () => {
    await unlink(fileOf(t, 'chain/00000002.json'));
    const report = await verifyEvidence(t.blobs);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ path: 'chain/00000002.json', problem: expect.stringMatching(/missing/) });
    expect(report.problems.map((p) => p.path)).toContain('chain/00000003.json');
  });

  it('detects a deleted first manifest', async () => {
    await unlink(fileOf(t, 'chain/00000001.json'));
    expect((await verifyEvidence(t.blobs)).problems.map((p) => p.path)).toContain('chain/00000001.json');
  });

  it('detects a manifest swapped for a valid one from another store', async () => {
    const other = await tempStore();
    try {
      await storeRun(other.store, 'run-a', new Date('2026-11-23T10:00:00Z'));
      await storeRun(other.store, 'run-b', new Date('2026-11-23T10:00:00Z'));
      await writeFile(fileOf(t, 'chain/00000002.json'), await readFile(fileOf(other, 'chain/00000002.json')));
      const paths = (await verifyEvidence(t.blobs)).problems.map((p) => p.path);
      expect(paths).toContain('chain/00000002.json');
    } finally {
      await other.cleanup();
    }
  });

  it('reports stray files in the chain and at the top of runs/', async () => {
    await writeFile(fileOf(t, 'chain/notes.txt'), 'x');
    await writeFile(fileOf(t, 'runs/loose.txt'), 'x');
    const paths = (await verifyEvidence(t.blobs)).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['chain/notes.txt', 'runs/loose.txt']));
  });
});

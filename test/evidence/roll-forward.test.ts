import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnusableError } from '../../src/errors.js';
import type { BlobStore } from '../../src/evidence/blob-store.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import type { Recovery } from '../../src/evidence/roll-forward.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { storeRun, tempStore, type TempStore } from './evidence-fixtures.js';

const fileOf = (t: TempStore, key: string) => path.join(t.dir, ...key.split('/'));
const LATER = 10 * 60_000;

/** The store as a run sees it that is killed just before its manifest write; `writes` records every key, in order. */
function dyingAtManifest(inner: BlobStore, writes: string[]): BlobStore {
  return {
    location: inner.location,
    get: (k) => inner.get(k),
    list: (p) => inner.list(p),
    checkWritable: () => inner.checkWritable(),
    leftovers: () => inner.leftovers(),
    putIfAbsent: (key, body) => {
      writes.push(key);
      if (key.startsWith('chain/')) return Promise.reject(new Error('SIGKILL'));
      return inner.putIfAbsent(key, body);
    },
  };
}

describe('a run that died between its findings and its manifest (#15)', () => {
  let t: TempStore;
  const writes: string[] = [];
  beforeEach(async () => {
    t = await tempStore();
    await storeRun(t.store, 'run-a');
    writes.length = 0;
    await expect(storeRun(new EvidenceStore(dyingAtManifest(t.blobs, writes)), 'run-b')).rejects.toThrow('SIGKILL');
  });
  afterEach(() => t.cleanup());

  const later = (recovered: Recovery[] = []) =>
    new EvidenceStore(t.blobs, {
      now: () => new Date(Date.now() + LATER),
      onRollForward: (r) => recovered.push(r),
    });

  it('wrote its commit intent first and its findings last, after every other artifact', () => {
    expect(writes).toEqual([
      'runs/run-b/snapshots/github/github-org-acme.json.gz',
      'claims/00000002.json',
      'intents/00000002.run-b.json',
      'runs/run-b/report.html',
      'runs/run-b/findings.jsonl',
      'chain/00000002.json',
    ]);
  });

  it('verifies meanwhile, reporting the commit as pending', async () => {
    expect(await verifyEvidence(t.blobs)).toMatchObject({
      ok: true,
      runs: 1,
      problems: [],
      incompleteRuns: [],
      pendingCommits: [{ sequence: 2, runId: 'run-b' }],
    });
  });

  it('is rolled forward by the next run: its own manifest, a recovery note, and the next run chains after it', async () => {
    const recovered: Recovery[] = [];
    const store = later(recovered);
    const head = await store.checkReady();
    expect(head?.manifest).toMatchObject({ sequence: 2, runId: 'run-b', previous: { sequence: 1, runId: 'run-a' } });
    expect(recovered).toEqual([
      { sequence: 2, runId: 'run-b', manifestSha256: head!.sha256, rolledForwardAt: expect.any(String) as string },
    ]);
    expect(Buffer.from(await t.blobs.get('chain/00000002.json'))).toEqual(
      Buffer.from(await t.blobs.get('intents/00000002.run-b.json')),
    );
    const next = await storeRun(store, 'run-c');
    expect(next.previous).toEqual({ sequence: 2, runId: 'run-b', manifestSha256: head!.sha256 });
    const report = await verifyEvidence(t.blobs);
    expect(report).toMatchObject({ ok: true, runs: 3, problems: [], incompleteRuns: [], pendingCommits: [] });
    expect(report.rolledForward).toEqual([
      { sequence: 2, runId: 'run-b', rolledForwardAt: recovered[0]!.rolledForwardAt },
    ]);
  });

  it('is rolled forward at commit too, when the next run started before the claim went stale', async () => {
    const recovered: Recovery[] = [];
    let clock = Date.now();
    const store = new EvidenceStore(t.blobs, {
      staleClaimAfterMs: 5_000,
      pollMs: 1_000,
      now: () => new Date(clock),
      sleep: (ms) => Promise.resolve(void (clock += ms)),
      onRollForward: (r) => recovered.push(r),
    });
    expect((await store.checkReady())?.manifest.runId).toBe('run-a');
    const next = await storeRun(store, 'run-c');
    expect(recovered.map((r) => r.runId)).toEqual(['run-b']);
    expect(next).toMatchObject({ sequence: 3, previous: { sequence: 2, runId: 'run-b' } });
    expect((await verifyEvidence(t.blobs)).ok).toBe(true);
  });

  it('is never committed partially: a missing or changed artifact stops the next run, naming it', async () => {
    await unlink(fileOf(t, 'runs/run-b/report.html'));
    const err = await later()
      .checkReady()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err).toBeInstanceOf(StoreUnusableError);
    expect(err?.message).toMatch(
      /it cannot be rolled forward \(runs\/run-b\/report\.html, listed in intents\/00000002\.run-b\.json, is missing\)/,
    );
    expect(await t.blobs.list('chain/')).toEqual(['chain/00000001.json']);
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: false, pendingCommits: [] });

    await writeFile(fileOf(t, 'runs/run-b/report.html'), 'changed');
    await expect(later().checkReady()).rejects.toThrow(
      'it cannot be rolled forward (runs/run-b/report.html differs from intents/00000002.run-b.json)',
    );
  });

  it('is not rolled forward from an intent that is not a valid manifest', async () => {
    await writeFile(fileOf(t, 'intents/00000002.run-b.json'), '{}');
    await expect(later().checkReady()).rejects.toThrow(
      /cannot be rolled forward \(intents\/00000002\.run-b\.json: not a valid manifest/,
    );
  });

  it('verify names a recovery note that does not describe the manifest it names', async () => {
    await later().checkReady();
    const note = fileOf(t, 'recoveries/00000002.json');
    const bytes = Buffer.from(await t.blobs.get('recoveries/00000002.json'));
    await unlink(note);
    await writeFile(note, bytes.toString().replace('run-b', 'run-x'));
    expect((await verifyEvidence(t.blobs)).problems).toEqual([
      { path: 'recoveries/00000002.json', problem: 'does not describe chain/00000002.json' },
    ]);
  });

  it('verify names a changed commit intent of a committed run', async () => {
    await later().checkReady();
    const intent = fileOf(t, 'intents/00000002.run-b.json');
    const bytes = Buffer.from(await t.blobs.get('intents/00000002.run-b.json'));
    await unlink(intent);
    await writeFile(intent, Buffer.concat([bytes, Buffer.from(' ')]));
    expect((await verifyEvidence(t.blobs)).problems).toEqual([
      { path: 'intents/00000002.run-b.json', problem: 'differs from chain/00000002.json, the manifest it announced' },
    ]);
  });
});

import { rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceError, StoreUnusableError } from '../../src/errors.js';
import { EvidenceStore, type EvidenceStoreOptions } from '../../src/evidence/evidence-store.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { commitFields, storeRun, tempStore, type TempStore } from './evidence-fixtures.js';

const fileOf = (t: TempStore, key: string) => path.join(t.dir, ...key.split('/'));

/** A store whose clock only moves when a run sleeps, starting `offsetMs` from now. */
function virtualTime(offsetMs = 0): EvidenceStoreOptions & { slept: number[] } {
  let clock = Date.now() + offsetMs;
  const slept: number[] = [];
  return {
    staleClaimAfterMs: 5_000,
    pollMs: 1_000,
    now: () => new Date(clock),
    sleep: (ms) => {
      slept.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    slept,
  };
}

const LATER = 10 * 60_000;

describe('sequence claims', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
    await storeRun(t.store, 'run-a');
    await storeRun(t.store, 'run-b');
  });
  afterEach(() => t.cleanup());

  it('refuses a run on a store whose chain was deleted, instead of starting again at #1', async () => {
    await rm(fileOf(t, 'chain'), { recursive: true });
    const refused = await t.store.checkReady().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreUnusableError);
    expect((refused as Error).message).toBe(
      `evidence store ${t.dir}: sequence 2 was claimed, but the chain ends at nothing (no manifest in chain/): manifests were deleted; \`assay evidence verify\` shows the state`,
    );
    await rm(fileOf(t, 'claims'), { recursive: true });
    await expect(t.store.checkReady()).rejects.toThrow(
      /2 runs wrote findings \(runs\/run-a\/findings\.jsonl\), yet chain\/ holds no manifest: the chain was deleted/,
    );
  });

  it('refuses a run when the newest manifest and its commit intent are gone and its claim has gone stale', async () => {
    await unlink(fileOf(t, 'chain/00000002.json'));
    await unlink(fileOf(t, 'intents/00000002.run-b.json'));
    const later = new EvidenceStore(t.blobs, virtualTime(LATER));
    await expect(later.checkReady()).rejects.toThrow(
      /run run-b claimed sequence 2 at .* and wrote its findings, but chain\/00000002\.json is missing: that manifest was deleted, or the run died just before writing it; it cannot be rolled forward \(no commit intent \(intents\/00000002\.run-b\.json\)\)/,
    );
    const w = later.beginRun('run-c', new Date());
    await expect(w.commit(commitFields())).rejects.toBeInstanceOf(StoreUnusableError);
    expect(await t.blobs.list('chain/')).toEqual(['chain/00000001.json']);
  });

  it('passes a healthy store, returning its head, and accepts one with nothing in it yet', async () => {
    expect((await t.store.checkReady())?.manifest.runId).toBe('run-b');
    const empty = await tempStore();
    try {
      await expect(empty.store.checkReady()).resolves.toBeUndefined();
    } finally {
      await empty.cleanup();
    }
  });

  it('makes a run wait for a commit under way, then chain after it', async () => {
    const a = t.store.beginRun('run-c', new Date());
    let releaseA!: () => void;
    const gate = new Promise<void>((resolve) => (releaseA = resolve));
    let claimedA!: () => void;
    const aHoldsClaim = new Promise<void>((resolve) => (claimedA = resolve));
    const aDone = a.commitAfter(async (head) => {
      claimedA();
      await gate;
      expect(head?.manifest.runId).toBe('run-b');
      return { artifacts: [], fields: commitFields() };
    });
    await aHoldsClaim;
    const timing = virtualTime();
    const b = new EvidenceStore(t.blobs, {
      ...timing,
      sleep: (ms) => (
        timing.slept.push(ms),
        timing.slept.length === 3 && releaseA(),
        new Promise((r) => setTimeout(r, 5))
      ),
    });
    let seen: string | undefined;
    const bDone = b.beginRun('run-d', new Date()).commitAfter((head) => {
      seen = head?.manifest.runId;
      return Promise.resolve({ artifacts: [], fields: commitFields() });
    });
    const [ca, cb] = await Promise.all([aDone, bDone]);
    expect([ca.manifest.sequence, cb.manifest.sequence]).toEqual([3, 4]);
    expect(seen).toBe('run-c');
    expect(timing.slept.length).toBeGreaterThanOrEqual(3);
    expect((await verifyEvidence(t.blobs)).ok).toBe(true);
  });

  it('takes over the sequence of a run that died before writing its findings, once its claim is stale', async () => {
    const dead = t.store.beginRun('run-c', new Date());
    await dead.add('snapshots/x.json.gz', Buffer.from('x'), 'application/gzip');
    await expect(dead.commitAfter(() => Promise.reject(new Error('killed')))).rejects.toThrow('killed');
    const timing = virtualTime();
    const next = new EvidenceStore(t.blobs, timing);
    await next.checkReady();
    const { manifest } = await next.beginRun('run-d', new Date()).commit(commitFields());
    expect(manifest).toMatchObject({ sequence: 3, previous: { runId: 'run-b' } });
    expect(manifest.claimedAt).toBeUndefined();
    expect(timing.slept).toEqual([1000, 1000, 1000, 1000, 1000]);
    const report = await verifyEvidence(t.blobs);
    expect(report).toMatchObject({ ok: true, runs: 3 });
    expect(report.incompleteRuns).toEqual([
      {
        runId: 'run-c',
        detail: expect.stringMatching(
          /^claimed sequence 3 at .* but stopped before committing; run run-d took the sequence over$/,
        ),
      },
    ]);
  });

  it('records the claim in the manifest, and writes findings only under a claim', async () => {
    const w = t.store.beginRun('run-c', new Date());
    await expect(w.add('findings.jsonl', Buffer.from('{}\n'), 'application/x-ndjson')).rejects.toBeInstanceOf(
      EvidenceError,
    );
    const { manifest } = await w.commitAfter(() =>
      Promise.resolve({
        artifacts: [{ path: 'findings.jsonl', body: Buffer.from('{}\n'), mediaType: 'application/x-ndjson' }],
        fields: commitFields(),
      }),
    );
    const claim = JSON.parse(Buffer.from(await t.blobs.get('claims/00000003.json')).toString()) as unknown;
    expect(claim).toEqual({ runId: 'run-c', claimedAt: manifest.claimedAt });
    expect(manifest.artifacts.map((a) => a.path)).toEqual(['findings.jsonl']);
  });
});

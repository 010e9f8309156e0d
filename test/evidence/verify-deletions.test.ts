import { mkdir, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { storeRun, tempStore, type TempStore } from './evidence-fixtures.js';

const fileOf = (t: TempStore, key: string) => path.join(t.dir, ...key.split('/'));

describe('verifyEvidence after deletions', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
    for (const id of ['run-a', 'run-b', 'run-c']) await storeRun(t.store, id);
  });
  afterEach(() => t.cleanup());

  it('fails loudly when the whole chain is deleted, naming each lost manifest and its run', async () => {
    await rm(fileOf(t, 'chain'), { recursive: true });
    const report = await verifyEvidence(t.blobs);
    expect(report.ok).toBe(false);
    expect(report.runs).toBe(0);
    expect(report.incompleteRuns).toEqual([]);
    expect(report.problems).toEqual([
      {
        path: 'chain/00000001.json',
        problem: expect.stringMatching(/^missing: run run-a claimed sequence 1 at .* and wrote its findings/),
      },
      { path: 'chain/00000002.json', problem: expect.stringMatching(/^missing: run run-b claimed sequence 2/) },
      { path: 'chain/00000003.json', problem: expect.stringMatching(/^missing: run run-c claimed sequence 3/) },
      { path: 'chain/', problem: expect.stringMatching(/^missing: no manifest at all.*the chain was deleted/) },
    ]);
  });

  it('fails loudly when the chain and the claims are deleted: complete runs are not "interrupted"', async () => {
    await rm(fileOf(t, 'chain'), { recursive: true });
    await rm(fileOf(t, 'claims'), { recursive: true });
    const report = await verifyEvidence(t.blobs);
    expect(report.ok).toBe(false);
    expect(report.incompleteRuns).toEqual([]);
    expect(report.problems.map((p) => p.path)).toEqual(['runs/run-a/', 'runs/run-b/', 'runs/run-c/', 'chain/']);
    expect(report.problems[0]!.problem).toMatch(/holds findings.*no manifest or claim names it/);
  });

  it('reports a deleted newest manifest whose commit intent holds as pending: the next run writes it again', async () => {
    await unlink(fileOf(t, 'chain/00000003.json'));
    expect(await verifyEvidence(t.blobs)).toMatchObject({
      ok: true,
      runs: 2,
      problems: [],
      incompleteRuns: [],
      pendingCommits: [{ sequence: 3, runId: 'run-c' }],
    });
  });

  it('fails loudly when the newest manifest and its commit intent are deleted', async () => {
    await unlink(fileOf(t, 'chain/00000003.json'));
    await unlink(fileOf(t, 'intents/00000003.run-c.json'));
    const report = await verifyEvidence(t.blobs);
    expect(report).toMatchObject({ ok: false, runs: 2, incompleteRuns: [], pendingCommits: [] });
    expect(report.problems).toEqual([
      {
        path: 'chain/00000003.json',
        problem: expect.stringMatching(/^missing: run run-c claimed sequence 3 at .*: the manifest was deleted/),
      },
    ]);
  });

  it('fails when the newest manifest and its claim are deleted', async () => {
    await unlink(fileOf(t, 'chain/00000003.json'));
    await unlink(fileOf(t, 'claims/00000003.json'));
    expect((await verifyEvidence(t.blobs)).problems).toEqual([
      { path: 'runs/run-c/', problem: expect.stringMatching(/holds findings/) },
    ]);
  });

  it('names a deleted run directory once, with the manifest that lists it', async () => {
    await rm(fileOf(t, 'runs/run-b'), { recursive: true });
    expect((await verifyEvidence(t.blobs)).problems).toEqual([
      {
        path: 'runs/run-b/',
        problem: 'missing: the whole run directory is gone; chain/00000002.json lists 3 artifacts',
      },
    ]);
  });

  it('covers the claims: a deleted or altered claim is named', async () => {
    await unlink(fileOf(t, 'claims/00000002.json'));
    expect((await verifyEvidence(t.blobs)).problems).toEqual([
      {
        path: 'claims/00000002.json',
        problem: expect.stringMatching(/^missing: chain\/00000002.json records that run run-b claimed/),
      },
    ]);
    await writeFile(fileOf(t, 'claims/00000002.json'), '{"runId":"run-x","claimedAt":"2026-11-23T11:31:06.000Z"}\n');
    expect((await verifyEvidence(t.blobs)).problems).toEqual([
      { path: 'claims/00000002.json', problem: expect.stringMatching(/^differs from chain\/00000002.json/) },
    ]);
  });

  it('reports leftover temporary files of interrupted writes without failing', async () => {
    await writeFile(fileOf(t, 'runs/run-a/.tmp-0123456789abcdef'), 'half');
    await mkdir(fileOf(t, 'runs/run-d'), { recursive: true });
    await writeFile(fileOf(t, 'runs/run-d/.tmp-fedcba9876543210'), 'half');
    expect(await readdir(fileOf(t, 'runs'))).toContain('run-d');
    expect(await verifyEvidence(t.blobs)).toEqual({
      ok: true,
      runs: 3,
      problems: [],
      incompleteRuns: [],
      leftovers: ['runs/run-a/.tmp-0123456789abcdef', 'runs/run-d/.tmp-fedcba9876543210'],
      records: { anchored: 0, pending: 0 },
      rolledForward: [],
      pendingCommits: [],
    });
  });

  it('tells a run that stopped while collecting from one that died after claiming', async () => {
    const collecting = t.store.beginRun('run-d', new Date('2026-11-23T12:00:00Z'));
    await collecting.add('snapshots/github/github-org-acme.json.gz', Buffer.from('partial'), 'application/gzip');
    expect((await verifyEvidence(t.blobs)).incompleteRuns).toEqual([
      { runId: 'run-d', detail: 'stopped while collecting, before it claimed a chain sequence' },
    ]);
    const claimed = collecting.commitAfter(() => Promise.reject(new Error('killed')));
    await expect(claimed).rejects.toThrow('killed');
    const report = await verifyEvidence(t.blobs);
    expect(report.ok).toBe(true);
    expect(report.incompleteRuns).toEqual([
      {
        runId: 'run-d',
        detail: expect.stringMatching(/^claimed sequence 4 at .* and stopped before writing its findings/),
      },
    ]);
  });
});

import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anchorRecords } from '../../src/evidence/record-anchor.js';
import { recordKey } from '../../src/evidence/record-store.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { commitFields, tempStore, type TempStore } from './evidence-fixtures.js';

/** A run that anchors the records written since the previous run, as the pipeline does at commit. */
async function commitAnchoring(t: TempStore, runId: string) {
  const writer = t.store.beginRun(runId, new Date('2026-12-07T10:00:00Z'));
  return writer.commitAfter(async (head) => {
    const records = await anchorRecords(t.store.records, head?.manifest);
    return { artifacts: [], fields: { ...commitFields(), ...(records ? { records } : {}) } };
  });
}

describe('records', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  it('numbers records in order, stores files once by content, and lists them by type', async () => {
    const minutes = { name: 'minutes.pdf', body: Buffer.from('%PDF-1.7 minutes'), mediaType: 'application/pdf' };
    const a = await t.store.records.append('attestation', {
      by: 'ciso@example.com',
      data: { kind: 'x' },
      files: [minutes],
    });
    const b = await t.store.records.append('decision', { by: 'lead@example.com', data: { keep: true } });
    const c = await t.store.records.append('attestation', {
      by: 'ciso@example.com',
      data: { kind: 'y' },
      files: [minutes],
    });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(a.files[0]!.key).toBe(c.files[0]!.key);
    expect((await t.store.records.list('attestation')).map((r) => r.data)).toEqual([{ kind: 'x' }, { kind: 'y' }]);
    expect(Buffer.from(await t.store.records.readFile(a.files[0]!)).toString()).toBe('%PDF-1.7 minutes');
  });

  it('is anchored by the next run; verify then finds a changed or deleted record, and reports pending ones', async () => {
    await t.store.records.append('attestation', { by: 'ciso@example.com', data: { n: 1 } });
    await t.store.records.append('attestation', { by: 'ciso@example.com', data: { n: 2 } });
    const first = await commitAnchoring(t, 'run-a');
    expect(first.manifest.records).toMatchObject({ through: 2, entries: [{ seq: 1 }, { seq: 2 }] });
    await t.store.records.append('attestation', { by: 'ciso@example.com', data: { n: 3 } });
    const clean = await verifyEvidence(t.blobs);
    expect(clean).toMatchObject({ ok: true, records: { anchored: 2, pending: 1 } });

    const second = await commitAnchoring(t, 'run-b');
    expect(second.manifest.records).toMatchObject({ through: 3, entries: [{ seq: 3 }] });
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, records: { anchored: 3, pending: 0 } });

    await writeFile(path.join(t.dir, recordKey(2)), '{"seq":2}');
    await rm(path.join(t.dir, recordKey(1)));
    const report = await verifyEvidence(t.blobs);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { path: recordKey(1), problem: 'missing: anchored by chain/00000001.json but not in the store' },
      { path: recordKey(2), problem: 'sha256 differs from chain/00000001.json' },
      expect.objectContaining({ path: recordKey(2) }),
    ]);
  });

  it('calls a gap below a later record a deletion, even before any run anchored them', async () => {
    await t.store.records.append('attestation', { by: 'ciso@example.com', data: {} });
    await t.store.records.append('attestation', { by: 'ciso@example.com', data: {} });
    await rm(path.join(t.dir, recordKey(1)));
    const report = await verifyEvidence(t.blobs);
    expect(report.problems).toEqual([
      { path: recordKey(1), problem: 'missing: a later record exists, so this one was deleted' },
    ]);
  });

  it('anchors nothing while the store has no records', async () => {
    const run = await commitAnchoring(t, 'run-a');
    expect(run.manifest.records).toBeUndefined();
  });
});

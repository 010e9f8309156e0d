import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { FsLockBackend } from '../../src/evidence/fs-run-lock.js';
import { RunLockedError } from '../../src/evidence/run-lock.js';
import { parseStoreFlag } from '../../src/cli/open-store.js';
import { commitFields, tempStore, type TempStore } from './evidence-fixtures.js';

const SOURCES = 'sources:\n  github:\n    auth: { token: { env: GH } }\n    orgs: [acme]\n';
const parse = (evidence: string) =>
  parseConfig(`version: 1\n${SOURCES}evidence:\n${evidence}`, 'assay.yaml', { GH: 'x' });

describe('evidence config', () => {
  it('accepts an S3 store and keeps local the default', () => {
    expect(
      parse('  store: s3\n  bucket: acme-evidence\n  prefix: assay/\n  region: eu-west-1\n').evidence,
    ).toMatchObject({
      store: 's3',
      bucket: 'acme-evidence',
      prefix: 'assay/',
      region: 'eu-west-1',
    });
    expect(parse('  path: ./ev\n').evidence.store).toBe('local');
  });

  it('names the key: an S3 store without a bucket, S3 keys on a local store, a prefix without its slash', () => {
    expect(() => parse('  store: s3\n')).toThrow(ConfigError);
    expect(() => parse('  store: s3\n')).toThrow(
      'assay.yaml: evidence.bucket: expected the bucket name when store is s3',
    );
    expect(() => parse('  bucket: acme-evidence\n')).toThrow(
      'assay.yaml: evidence.bucket: only for store: s3 (this store is local)',
    );
    expect(() => parse('  store: s3\n  bucket: acme-evidence\n  prefix: assay\n')).toThrow(
      "assay.yaml: evidence.prefix: expected '' or a key prefix ending with '/', e.g. assay/",
    );
  });
});

describe('--store', () => {
  it('takes s3://bucket/prefix (adding the slash) or a directory; refuses a malformed URL', () => {
    expect(parseStoreFlag('s3://acme-evidence/assay')).toEqual({
      kind: 's3',
      bucket: 'acme-evidence',
      prefix: 'assay/',
    });
    expect(parseStoreFlag('s3://acme-evidence')).toEqual({ kind: 's3', bucket: 'acme-evidence', prefix: '' });
    expect(parseStoreFlag('./ev')).toMatchObject({ kind: 'local' });
    expect(() => parseStoreFlag('s3://Bad_Bucket/x')).toThrow(
      new UsageError("--store: expected s3://BUCKET/PREFIX/ or a directory, got 's3://Bad_Bucket/x'"),
    );
  });
});

describe('the run lock in the evidence store', () => {
  let t: TempStore;
  beforeEach(async () => (t = await tempStore()));
  afterEach(() => t.cleanup());
  const locked = () =>
    new EvidenceStore(t.blobs, { runLock: { backend: new FsLockBackend(t.dir), staleAfterMs: 60_000 } });

  it('is taken by checkReady, refuses an overlapping run, and is released once the manifest is written', async () => {
    const first = locked();
    await first.checkReady();
    await expect(locked().checkReady()).rejects.toBeInstanceOf(RunLockedError);
    await first.beginRun('run-a', new Date()).commit(commitFields());
    const second = locked();
    await expect(second.checkReady()).resolves.toMatchObject({ manifest: { runId: 'run-a' } });
    await second.releaseRunLock();
    expect(await t.blobs.list('locks/')).toEqual([]);
  });

  it('is released when checkReady refuses the store', async () => {
    await t.blobs.putIfAbsent('claims/00000005.json', Buffer.from('{}'));
    await expect(locked().checkReady()).rejects.toThrow(/sequence 5 was claimed/);
    expect(await t.blobs.list('locks/')).toEqual([]);
  });
});

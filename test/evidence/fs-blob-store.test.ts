import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceError } from '../../src/errors.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';

const bytes = (s: string) => Buffer.from(s);

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EvidenceError);
  return (e as EvidenceError).code;
}

describe('FsBlobStore', () => {
  let dir: string;
  let blobs: FsBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-blobs-'));
    blobs = new FsBlobStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores, reads and lists keys, creating directories', async () => {
    await blobs.putIfAbsent('runs/r1/b.txt', bytes('b'));
    await blobs.putIfAbsent('runs/r1/a/deep.txt', bytes('deep'));
    await blobs.putIfAbsent('chain/00000001.json', bytes('{}'));
    expect(Buffer.from(await blobs.get('runs/r1/a/deep.txt')).toString()).toBe('deep');
    expect(await blobs.list('runs/')).toEqual(['runs/r1/a/deep.txt', 'runs/r1/b.txt']);
    expect(await blobs.list('runs/r1/a/')).toEqual(['runs/r1/a/deep.txt']);
    expect(await blobs.list('nothing/')).toEqual([]);
    expect(blobs.location).toBe(dir);
  });

  it('never overwrites: a second put throws code exists and keeps the original bytes', async () => {
    await blobs.putIfAbsent('runs/r1/x', bytes('original'));
    expect(await codeOf(blobs.putIfAbsent('runs/r1/x', bytes('replacement')))).toBe('exists');
    expect(await readFile(path.join(dir, 'runs', 'r1', 'x'), 'utf8')).toBe('original');
    expect(await readdir(path.join(dir, 'runs', 'r1'))).toEqual(['x']);
  });

  it('lets exactly one of many racing writers win a key', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => blobs.putIfAbsent('chain/00000001.json', bytes(`w${i}`))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await blobs.list('chain/')).toEqual(['chain/00000001.json']);
  });

  it('throws code missing for an absent key', async () => {
    expect(await codeOf(blobs.get('runs/none'))).toBe('missing');
  });

  it.each([
    '',
    '/etc/passwd',
    '../outside',
    'runs/../../x',
    'runs\\x',
    'runs//x',
    'runs/./x',
    'runs/x/',
    'runs/.tmp-abc',
    'C:/x',
  ])('rejects the invalid key %j', async (key) => {
    expect(await codeOf(blobs.putIfAbsent(key, bytes('x')))).toBe('invalid');
    expect(await codeOf(blobs.get(key))).toBe('invalid');
  });

  it('rejects an invalid prefix', async () => {
    expect(await codeOf(blobs.list('runs'))).toBe('invalid');
    expect(await codeOf(blobs.list('../'))).toBe('invalid');
  });

  it('does not list temporary files left by an interrupted write', async () => {
    await blobs.putIfAbsent('runs/r1/a', bytes('a'));
    await writeFile(path.join(dir, 'runs', 'r1', '.tmp-deadbeef'), 'partial');
    expect(await blobs.list('runs/')).toEqual(['runs/r1/a']);
  });
});

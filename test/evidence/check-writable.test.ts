import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnusableError } from '../../src/errors.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';

async function problemOf(root: string): Promise<string> {
  const e = await new FsBlobStore(root).checkWritable().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StoreUnusableError);
  return (e as Error).message;
}

describe('FsBlobStore.checkWritable', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-writable-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates a missing store directory and leaves nothing behind', async () => {
    const root = path.join(dir, 'a', 'b', 'evidence');
    await new FsBlobStore(root).checkWritable();
    expect((await stat(root)).isDirectory()).toBe(true);
    expect(await new FsBlobStore(root).leftovers()).toEqual([]);
  });

  it('names a path that is a file, or lies under one', async () => {
    const file = path.join(dir, 'evidence');
    await writeFile(file, 'not a directory');
    expect(await problemOf(file)).toBe(`evidence store ${file}: ${file} is a file, not a directory`);
    expect(await problemOf(path.join(file, 'sub'))).toBe(
      `evidence store ${path.join(file, 'sub')}: ${file} is a file, not a directory`,
    );
  });

  it('refuses kernel pseudo-filesystems at once, without a recursive mkdir that never returns', async () => {
    expect(await problemOf('/proc/assay/evidence')).toBe(
      'evidence store /proc/assay/evidence: /proc is a kernel pseudo-filesystem, not storage',
    );
    expect(await problemOf('/sys/evidence')).toMatch(
      /^evidence store \/sys\/evidence: \/sys is a kernel pseudo-filesystem/,
    );
  });

  it.skipIf(process.getuid?.() === 0)('names a directory it cannot write to', async () => {
    const locked = path.join(dir, 'locked');
    await new FsBlobStore(locked).checkWritable();
    await chmod(locked, 0o555);
    try {
      expect(await problemOf(locked)).toBe(`evidence store ${locked}: cannot write there (EACCES)`);
      expect(await problemOf(path.join(locked, 'sub'))).toMatch(/cannot create directory .*sub \(EACCES\)$/);
    } finally {
      await chmod(locked, 0o755);
    }
  });
});

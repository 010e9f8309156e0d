import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, realpath, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { EvidenceError, StoreUnusableError } from '../errors.js';
import type { BlobStore } from './blob-store.js';

const TMP_PREFIX = '.tmp-';

/** Kernel pseudo-filesystems: nothing written there is stored, and a recursive mkdir under /proc never returns. */
const PSEUDO_FILESYSTEM = /^\/(proc|sys|dev)(\/|$)/;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Keys are `/`-separated relative paths; anything that could escape the root or alias another key is refused. */
function checkKey(key: string): void {
  const segments = key.split('/');
  const bad =
    key.length === 0 ||
    key.includes('\\') ||
    key.includes('\0') ||
    path.isAbsolute(key) ||
    /^[a-zA-Z]:/.test(key) ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith(TMP_PREFIX));
  if (bad) throw new EvidenceError(`invalid evidence key '${key}'`, { code: 'invalid' });
}

/** Write-once keys on the local filesystem: temporary file, fsync, then `link`, which fails if the key exists. */
export class FsBlobStore implements BlobStore {
  readonly location: string;

  constructor(private readonly root: string) {
    this.location = root;
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<void> {
    checkKey(key);
    const final = this.pathOf(key);
    const dir = path.dirname(final);
    await mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `${TMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const handle = await open(tmp, 'wx');
    try {
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await link(tmp, final).catch((e: unknown) => {
        if (errnoOf(e) === 'EEXIST')
          throw new EvidenceError(`evidence key '${key}' already exists; it is never overwritten`, {
            code: 'exists',
            cause: e,
          });
        throw e;
      });
      await syncDir(dir);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    checkKey(key);
    try {
      return await readFile(this.pathOf(key));
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
        throw new EvidenceError(`evidence key '${key}' is missing from ${this.location}`, {
          code: 'missing',
          cause: e,
        });
      }
      throw e;
    }
  }

  /**
   * Before a run collects anything: the root is (or can be made) a directory on real storage that takes a write.
   * Directories are made one level at a time: a recursive mkdir under /proc retries forever.
   */
  async checkWritable(): Promise<void> {
    const fail = (problem: string, cause?: unknown) =>
      new StoreUnusableError(`evidence store ${this.root}: ${problem}`, cause === undefined ? undefined : { cause });
    const missing: string[] = [];
    let existing = this.root;
    for (let dir = this.root; ; dir = path.dirname(dir)) {
      const found = await stat(dir).then(
        (s) => s,
        (e: unknown) => e as NodeJS.ErrnoException,
      );
      if (!(found instanceof Error)) {
        if (!found.isDirectory()) throw fail(`${dir} is a file, not a directory`);
        existing = dir;
        break;
      }
      if (found.code !== 'ENOENT' && found.code !== 'ENOTDIR')
        throw fail(`cannot look at ${dir} (${found.code ?? found.message})`, found);
      if (path.dirname(dir) === dir) throw fail(`no part of the path exists`);
      missing.unshift(dir);
    }
    const real = await realpath(existing).catch(() => existing);
    if (PSEUDO_FILESYSTEM.test(real)) throw fail(`${real} is a kernel pseudo-filesystem, not storage`);
    for (const dir of missing) {
      await mkdir(dir).catch((e: unknown) => {
        if (errnoOf(e) !== 'EEXIST') throw fail(`cannot create directory ${dir} (${errnoOf(e) ?? String(e)})`, e);
      });
    }
    const probe = path.join(this.root, `${TMP_PREFIX}probe-${randomBytes(8).toString('hex')}`);
    try {
      const handle = await open(probe, 'wx');
      try {
        await handle.writeFile('probe');
      } finally {
        await handle.close();
      }
    } catch (e) {
      throw fail(`cannot write there (${errnoOf(e) ?? String(e)})`, e);
    } finally {
      await unlink(probe).catch(() => undefined);
    }
  }

  async leftovers(): Promise<string[]> {
    const found: string[] = [];
    await this.walk('', [], found);
    return found.sort(byCodeUnit);
  }

  async list(prefix: string): Promise<string[]> {
    if (prefix !== '') {
      if (!prefix.endsWith('/'))
        throw new EvidenceError(`invalid evidence prefix '${prefix}': it must end with '/'`, { code: 'invalid' });
      checkKey(prefix.slice(0, -1));
    }
    const keys: string[] = [];
    await this.walk(prefix, keys, []);
    return keys.sort(byCodeUnit);
  }

  private async walk(prefix: string, into: string[], temporary: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(this.pathOf(prefix), { withFileTypes: true });
    } catch (e) {
      if (errnoOf(e) === 'ENOENT' || errnoOf(e) === 'ENOTDIR') return;
      throw e;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TMP_PREFIX)) temporary.push(`${prefix}${entry.name}`);
      else if (entry.isDirectory()) await this.walk(`${prefix}${entry.name}/`, into, temporary);
      else if (entry.isFile()) into.push(`${prefix}${entry.name}`);
    }
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...key.split('/').filter((s) => s !== ''));
  }
}

/** Makes the new directory entry durable too; some platforms cannot open a directory, and lose nothing by skipping. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

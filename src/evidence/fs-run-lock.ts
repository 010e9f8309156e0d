import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StoreUnusableError } from '../errors.js';
import { sha256Hex } from './manifest-codec.js';
import { RUN_LOCK_KEY, type LockBackend } from './run-lock.js';

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * The run lock as a file in the local store (`locks/run.json`): created with link(2), which fails if it exists;
 * taken over by renaming the stale file away (only one run's rename of it succeeds). Temporary names start with
 * `.tmp-`, like the blob store's, so an interrupted one is reported as a leftover, never as evidence.
 */
export class FsLockBackend implements LockBackend {
  readonly location: string;
  private readonly dir: string;

  constructor(root: string) {
    this.location = path.join(root, ...RUN_LOCK_KEY.split('/'));
    this.dir = path.dirname(this.location);
  }

  async read(): Promise<{ bytes: Uint8Array; tag: string } | undefined> {
    try {
      const bytes = await readFile(this.location);
      return { bytes, tag: sha256Hex(bytes) };
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return undefined;
      throw this.fail('cannot read', e);
    }
  }

  async create(bytes: Uint8Array): Promise<{ tag: string } | 'exists'> {
    await mkdir(this.dir).catch((e: unknown) => {
      if (errnoOf(e) !== 'EEXIST') throw this.fail('cannot create the directory of', e);
    });
    const tmp = this.temporary();
    try {
      const handle = await open(tmp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await link(tmp, this.location);
      return { tag: sha256Hex(bytes) };
    } catch (e) {
      if (errnoOf(e) === 'EEXIST') return 'exists';
      throw this.fail('cannot write', e);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async replace(tag: string, bytes: Uint8Array): Promise<{ tag: string } | 'changed'> {
    const taken = this.temporary();
    try {
      await rename(this.location, taken);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return 'changed';
      throw this.fail('cannot take over', e);
    }
    const was = await readFile(taken).catch(() => undefined);
    if (!was || sha256Hex(was) !== tag) {
      // Another run replaced it between our read and our rename: give its lock back.
      await link(taken, this.location).catch(() => undefined);
      await unlink(taken).catch(() => undefined);
      return 'changed';
    }
    await unlink(taken).catch(() => undefined);
    const created = await this.create(bytes);
    return created === 'exists' ? 'changed' : created;
  }

  async remove(tag: string): Promise<void> {
    const found = await this.read();
    if (found?.tag === tag) await unlink(this.location).catch(() => undefined);
  }

  private temporary(): string {
    return path.join(this.dir, `.tmp-lock-${randomBytes(8).toString('hex')}`);
  }

  private fail(what: string, e: unknown): StoreUnusableError {
    return new StoreUnusableError(`${what} the run lock ${this.location} (${errnoOf(e) ?? String(e)})`, { cause: e });
  }
}

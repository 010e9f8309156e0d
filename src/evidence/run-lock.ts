import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { StoreUnusableError } from '../errors.js';

/** Where each backend keeps the lock: outside `runs/`, `chain/` and `claims/`, so verify never reads it as evidence. */
export const RUN_LOCK_KEY = 'locks/run.json';

/**
 * Another run holds the store's run lock: this run stops before collecting anything (exit 2, one line). A scheduler
 * whose runs overlap sees this instead of two runs racing for one chain.
 */
export class RunLockedError extends StoreUnusableError {}

export const LockHolderSchema = z
  .object({ holder: z.string(), host: z.string(), pid: z.number().int(), acquiredAt: z.iso.datetime() })
  .strict();
export type LockHolder = z.infer<typeof LockHolderSchema>;

/**
 * The few operations a lock needs from a backend, each atomic there: create only if absent, replace or remove only
 * the version read (`tag`: an ETag on S3, the content hash locally).
 */
export interface LockBackend {
  /** What the lock is, for people: `s3://bucket/prefix/locks/run.json` or a file path. */
  readonly location: string;
  read(): Promise<{ bytes: Uint8Array; tag: string } | undefined>;
  /** `'exists'` when a lock is there. */
  create(bytes: Uint8Array): Promise<{ tag: string } | 'exists'>;
  /** `'changed'` when the lock is no longer the version `tag` names (released, or taken over by another run). */
  replace(tag: string, bytes: Uint8Array): Promise<{ tag: string } | 'changed'>;
  /** Removes the lock if it is still the version `tag` names; otherwise leaves it alone. */
  remove(tag: string): Promise<void>;
}

export interface HeldLock {
  /** The holder this run took the lock over from because it was stale, if it did. */
  readonly tookOver: LockHolder | undefined;
  /** Idempotent; never throws: a lock left behind goes stale. */
  release(): Promise<void>;
}

export interface RunLockOptions {
  /** A lock this old belongs to a run that died (SIGKILL, a lost container): the next run takes it over. */
  staleAfterMs: number;
  now?: () => Date;
}

const ATTEMPTS = 5;

const encode = (h: LockHolder): Uint8Array => Buffer.from(`${JSON.stringify(h)}\n`);

function decode(bytes: Uint8Array): LockHolder | undefined {
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run lock: one run at a time per evidence store, from its start until its manifest is written, so a scheduler
 * never overlaps runs and a second run spends no API calls. It is admission control, not what keeps the chain
 * straight: sequence claims (`claims/`, sequence-claim.ts) still make every run compute its history against the
 * manifest it commits after, so a lock wrongly taken over as stale, or a writer that never took it, cannot fork the
 * chain; at worst the later run waits on the claim or is told its manifest key was taken. A lock that is not
 * released (the process was killed) stops later runs until it is `staleAfterMs` old.
 */
export async function acquireRunLock(backend: LockBackend, opts: RunLockOptions): Promise<HeldLock> {
  const now = opts.now ?? (() => new Date());
  const me: LockHolder = {
    holder: randomBytes(8).toString('hex'),
    host: hostname(),
    pid: process.pid,
    acquiredAt: now().toISOString(),
  };
  const bytes = encode(me);
  const held = (tag: string, tookOver: LockHolder | undefined): HeldLock => {
    let released = false;
    return {
      tookOver,
      release: async () => {
        if (released) return;
        released = true;
        await backend.remove(tag).catch(() => undefined);
      },
    };
  };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const created = await backend.create(bytes);
    if (created !== 'exists') return held(created.tag, undefined);
    const found = await backend.read();
    if (!found) continue;
    const holder = decode(found.bytes);
    const age = holder ? now().getTime() - Date.parse(holder.acquiredAt) : Infinity;
    if (holder && age < opts.staleAfterMs) {
      const staleAt = new Date(Date.parse(holder.acquiredAt) + opts.staleAfterMs).toISOString();
      throw new RunLockedError(
        `another assay run holds the run lock of this evidence store (${backend.location}): since ${holder.acquiredAt}, ` +
          `on ${holder.host} (pid ${holder.pid}); this run stopped before collecting; the lock goes stale at ${staleAt}`,
      );
    }
    const replaced = await backend.replace(found.tag, bytes);
    if (replaced !== 'changed') return held(replaced.tag, holder);
  }
  throw new RunLockedError(
    `could not take the run lock of ${backend.location} in ${ATTEMPTS} attempts: other runs kept taking it`,
  );
}

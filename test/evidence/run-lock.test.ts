import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import { FsLockBackend } from '../../src/evidence/fs-run-lock.js';
import { acquireRunLock, RunLockedError, RUN_LOCK_KEY, type LockBackend } from '../../src/evidence/run-lock.js';
import { S3LockBackend } from '../../src/evidence/s3-run-lock.js';
import { StoreUnusableError } from '../../src/errors.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { simEvidenceBucket } from '../../sim/aws/s3-truth.js';
import { startS3ObjectSim, type S3ObjectSim } from '../../sim/aws/s3-object-server.js';
import { Random } from '../../sim/random.js';

const state = generateAws(new Random(8), { accounts: 1, usersPerAccount: 1 });
const bucket = simEvidenceBucket(state)!;
let sim: S3ObjectSim;
let client: S3Client;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startS3ObjectSim(state);
  client = new S3Client({
    endpoint: sim.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: state.baseCredentials.accessKeyId,
      secretAccessKey: state.baseCredentials.secretAccessKey,
    },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await sim.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

let n = 0;
const backends: Array<[string, () => Promise<LockBackend>]> = [
  [
    'local file',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-lock-'));
      dirs.push(dir);
      return new FsLockBackend(dir);
    },
  ],
  ['S3 object (simulated)', () => Promise.resolve(new S3LockBackend(client, bucket, `store${++n}/`))],
];

const at = (iso: string) => () => new Date(iso);
const MINUTE = 60_000;

describe.each(backends)('the run lock on a %s', (_, make) => {
  it('lets one run in; a second is refused in one line naming the holder and when the lock goes stale', async () => {
    const backend = await make();
    const first = await acquireRunLock(backend, { staleAfterMs: 20 * MINUTE, now: at('2026-12-07T10:00:00.000Z') });
    expect(first.tookOver).toBeUndefined();
    const err = await acquireRunLock(backend, { staleAfterMs: 20 * MINUTE, now: at('2026-12-07T10:05:00.000Z') }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(RunLockedError);
    expect(err).toBeInstanceOf(StoreUnusableError);
    expect(err?.message).toBe(
      `another assay run holds the run lock of this evidence store (${backend.location}): since 2026-12-07T10:00:00.000Z, ` +
        `on ${os.hostname()} (pid ${process.pid}); this run stopped before collecting; the lock goes stale at 2026-12-07T10:20:00.000Z`,
    );
    expect(err?.message).not.toContain('\n');
    await first.release();
    const next = await acquireRunLock(backend, { staleAfterMs: 20 * MINUTE, now: at('2026-12-07T10:06:00.000Z') });
    expect(next.tookOver).toBeUndefined();
    await next.release();
  });

  it('takes over a stale lock, and the stale holder releasing late leaves the new lock alone', async () => {
    const backend = await make();
    const dead = await acquireRunLock(backend, { staleAfterMs: 20 * MINUTE, now: at('2026-12-07T10:00:00.000Z') });
    const next = await acquireRunLock(backend, { staleAfterMs: 20 * MINUTE, now: at('2026-12-07T10:20:00.000Z') });
    expect(next.tookOver).toMatchObject({ acquiredAt: '2026-12-07T10:00:00.000Z', pid: process.pid });
    await dead.release();
    await expect(
      acquireRunLock(backend, { staleAfterMs: 20 * MINUTE, now: at('2026-12-07T10:21:00.000Z') }),
    ).rejects.toThrow(RunLockedError);
    await next.release();
    await next.release();
  });

  it('lets exactly one of many simultaneous runs in', async () => {
    const backend = await make();
    const tries = await Promise.allSettled(
      Array.from({ length: 6 }, () => acquireRunLock(backend, { staleAfterMs: 20 * MINUTE })),
    );
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    for (const t of tries) if (t.status === 'rejected') expect(t.reason).toBeInstanceOf(RunLockedError);
  });

  it('treats a lock file that is not a lock as stale', async () => {
    const backend = await make();
    expect(await backend.create(Buffer.from('garbage'))).not.toBe('exists');
    const held = await acquireRunLock(backend, { staleAfterMs: 20 * MINUTE });
    expect(held.tookOver).toBeUndefined();
    expect(await backend.read()).toBeDefined();
  });
});

describe('the run lock on S3', () => {
  it('is released with a delete marker: every lock version written stays, as Object Lock requires', async () => {
    const backend = new S3LockBackend(client, bucket, 'markers/');
    for (let i = 0; i < 2; i++) await (await acquireRunLock(backend, { staleAfterMs: MINUTE })).release();
    const versions = sim.objects(bucket).versions(`markers/${RUN_LOCK_KEY}`);
    expect(versions.map((v) => v.deleteMarker)).toEqual([false, true, false, true]);
    expect(versions.filter((v) => !v.deleteMarker).every((v) => v.retention?.mode === 'GOVERNANCE')).toBe(true);
  });

  it('names the call when S3 refuses it', async () => {
    sim.fail('PutObject', { status: 403, code: 'AccessDenied', message: 'Access Denied' });
    await expect(
      acquireRunLock(new S3LockBackend(client, bucket, 'denied/'), { staleAfterMs: MINUTE }),
    ).rejects.toThrow(
      `run lock s3://${bucket}/denied/locks/run.json: s3:PutObject failed (AccessDenied: Access Denied, HTTP 403)`,
    );
  });
});

describe('the run lock on a local store', () => {
  it('leaves no temporary file behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-lock-'));
    dirs.push(dir);
    const backend = new FsLockBackend(dir);
    await acquireRunLock(backend, { staleAfterMs: MINUTE, now: at('2026-12-07T10:00:00.000Z') });
    await acquireRunLock(backend, { staleAfterMs: MINUTE, now: at('2026-12-07T11:00:00.000Z') });
    expect(await readdir(path.join(dir, 'locks'))).toEqual(['run.json']);
  });
});

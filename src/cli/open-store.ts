import { stat } from 'node:fs/promises';
import path from 'node:path';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { loadConfig, type Config, type Env } from '../config/load-config.js';
import { UsageError } from '../errors.js';
import type { BlobStore } from '../evidence/blob-store.js';
import { EvidenceStore, type EvidenceStoreOptions } from '../evidence/evidence-store.js';
import { FsBlobStore } from '../evidence/fs-blob-store.js';
import { FsLockBackend } from '../evidence/fs-run-lock.js';
import type { LockBackend } from '../evidence/run-lock.js';
import { S3BlobStore } from '../evidence/s3-blob-store.js';
import { S3LockBackend } from '../evidence/s3-run-lock.js';

export const openLocalStore = (
  dir: string,
  options: EvidenceStoreOptions = {},
): { store: EvidenceStore; blobs: FsBlobStore } => {
  const blobs = new FsBlobStore(path.resolve(dir));
  return { store: new EvidenceStore(blobs, options), blobs };
};

/** Where an S3 store is and how it writes; `Config['evidence']` with `store: s3` says the same. */
export interface S3StoreSpec {
  bucket: string;
  prefix: string;
  region?: string;
  endpoint?: string;
  kmsKeyId?: string;
  allowUnlocked?: boolean;
  retentionDays?: number;
}

/** A store as commands use it: the blobs, what they are for people, its run lock, and the client to let go of. */
export interface OpenedStore {
  blobs: BlobStore;
  store: EvidenceStore;
  location: string;
  lock: LockBackend;
  /** Where a run's stored file is, for people: a path, or an `s3://` URL. */
  locationOf(key: string): string;
  /** What each manifest records about the store; for S3 known once `checkWritable` read the bucket. */
  describe(): { location: string; locked: boolean } | undefined;
  close(): void;
}

const S3_URL = /^s3:\/\/([^/]+)(?:\/(.*))?$/;

/** `--store s3://bucket/prefix` (prefix optional) or a directory. */
export function parseStoreFlag(value: string): { kind: 'local'; dir: string } | ({ kind: 's3' } & S3StoreSpec) {
  if (!value.startsWith('s3://')) return { kind: 'local', dir: path.resolve(value) };
  const m = S3_URL.exec(value);
  const prefix = m?.[2] ?? '';
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1]!) || prefix.startsWith('/') || prefix.includes('//'))
    throw new UsageError(`--store: expected s3://BUCKET/PREFIX/ or a directory, got '${value}'`);
  return { kind: 's3', bucket: m[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

/**
 * An S3 store. Credentials come from the AWS SDK's default chain (environment, profile, container or instance
 * role); the region from the spec, else the SDK's own lookup (AWS_REGION, the profile).
 */
export function openS3Store(
  spec: S3StoreSpec,
  options: EvidenceStoreOptions = {},
  clientConfig: S3ClientConfig = {},
): OpenedStore {
  const client = new S3Client({
    ...(spec.region ? { region: spec.region } : {}),
    ...(spec.endpoint ? { endpoint: spec.endpoint, forcePathStyle: true } : {}),
    ...clientConfig,
  });
  const blobs = new S3BlobStore({
    client,
    bucket: spec.bucket,
    prefix: spec.prefix,
    ...(spec.kmsKeyId ? { kmsKeyId: spec.kmsKeyId } : {}),
    ...(spec.allowUnlocked ? { allowUnlocked: true } : {}),
    ...(spec.retentionDays ? { retention: { mode: 'COMPLIANCE' as const, days: spec.retentionDays } } : {}),
  });
  const describe = () => {
    const lock = blobs.lockState();
    return lock ? { location: blobs.location, locked: lock.objectLock && lock.versioning } : undefined;
  };
  return {
    blobs,
    store: new EvidenceStore(blobs, { describe, ...options }),
    location: blobs.location,
    lock: new S3LockBackend(client, spec.bucket, spec.prefix, spec.kmsKeyId),
    locationOf: (key) => `${blobs.location}${key}`,
    describe,
    close: () => client.destroy(),
  };
}

function openLocal(dir: string, options: EvidenceStoreOptions = {}): OpenedStore {
  const { store, blobs } = openLocalStore(dir, {
    describe: () => ({ location: blobs.location, locked: false }),
    ...options,
  });
  return {
    blobs,
    store,
    location: blobs.location,
    lock: new FsLockBackend(blobs.location),
    locationOf: (key) => path.join(blobs.location, ...key.split('/')),
    describe: () => ({ location: blobs.location, locked: false }),
    close: () => undefined,
  };
}

/** The store `--store` names, for commands that read it (verify, list, findings): `s3://…` or a directory. */
export function openStoreFlag(value: string, region?: string): OpenedStore {
  const spec = parseStoreFlag(value);
  return spec.kind === 'local' ? openLocal(spec.dir) : openS3Store({ ...spec, ...(region ? { region } : {}) });
}

/**
 * The store a run writes to: `--store` if given, else the config's `evidence` section; with its run lock (stale
 * after `evidence.lockStaleSeconds`, default twice the collector timeout) and a warning whenever it rolls a dead
 * run's commit forward. `wrap` sees every write (the SIGTERM guard).
 */
export function openRunStore(
  config: Config,
  log: Logger,
  storeOverride: string | undefined,
  wrap: (blobs: BlobStore) => BlobStore = (b) => b,
  clientConfig: S3ClientConfig = {},
): OpenedStore {
  const e = config.evidence;
  const opened: OpenedStore = storeOverride
    ? openStoreFlag(storeOverride, e.region)
    : e.store === 's3'
      ? openS3Store({ ...e, bucket: e.bucket!, prefix: e.prefix ?? '' }, {}, clientConfig)
      : openLocal(config.evidencePath);
  const blobs = wrap(opened.blobs);
  const store = new EvidenceStore(blobs, {
    staleClaimAfterMs: e.staleClaimSeconds * 1000,
    runLock: {
      backend: opened.lock,
      staleAfterMs: (e.lockStaleSeconds ?? 2 * config.run.collectorTimeoutSeconds) * 1000,
    },
    describe: opened.describe,
    onRollForward: (r) =>
      log.warn(
        { sequence: r.sequence, runId: r.runId, manifestSha256: r.manifestSha256 },
        'finished the commit of a run that died after writing its findings (rolled forward from its commit intent)',
      ),
  });
  return { ...opened, blobs, store };
}

/**
 * The store a command adds records to (attestations, access reviews) with the config it was read with: --config's
 * evidence path, else --store (default ./evidence). It must already exist: a mistyped path must not start a second
 * store the runs never read.
 */
export async function existingLocalStore(
  command: string,
  opts: { config?: string; store?: string },
  env: Env,
): Promise<{ config: Config | undefined; store: EvidenceStore; dir: string }> {
  if (opts.config && opts.store) throw new UsageError(`${command}: give --store or --config, not both`);
  const config = opts.config ? await loadConfig(opts.config, env) : undefined;
  const dir = config?.evidencePath ?? path.resolve(opts.store ?? './evidence');
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir)
    throw new UsageError(
      `${opts.config ? `${opts.config}: evidence.path` : '--store'}: no evidence store at ${dir} (expected the directory assay run writes; run assay run first)`,
    );
  return { config, store: openLocalStore(dir).store, dir };
}

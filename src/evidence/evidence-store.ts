import { EvidenceError } from '../errors.js';
import type { Artifact, Manifest } from '../model/run.js';
import type { BlobStore } from './blob-store.js';
import { decodeManifest, encodeManifest, sha256Hex } from './manifest-codec.js';
import { artifactKey, CHAIN_PREFIX, chainKey, checkRunId, sequenceOfChainKey } from './store-layout.js';

/** What the caller supplies at commit; the store fills in identity, chain link and artifact list. */
export type CommitFields = Omit<
  Manifest,
  'schemaVersion' | 'runId' | 'sequence' | 'startedAt' | 'previous' | 'artifacts' | 'digest'
>;

export interface ChainHead {
  manifest: Manifest;
  /** SHA-256 of the manifest file's bytes: what the next manifest links to. */
  sha256: string;
}

/** One run being written: artifacts first, then the manifest that makes them evidence. */
export interface RunWriter {
  readonly runId: string;
  /** Stores `body` at `runs/<runId>/<path>`; the manifest lists artifacts in the order `add` was called. */
  add(path: string, body: Uint8Array, mediaType: string): Promise<Artifact>;
  /** Waits for every `add`, then appends the manifest to the chain. */
  commit(fields: CommitFields): Promise<{ manifest: Manifest; key: string }>;
}

/** Enough to outlast a burst of runs racing for the same sequence, small enough to surface a stuck store. */
const MAX_COMMIT_ATTEMPTS = 8;

const FINDINGS_PATH = 'findings.jsonl';

/**
 * Append-only, tamper-evident run storage. Nothing is overwritten; each manifest carries the SHA-256 of the
 * one before it, and claims its sequence with a write-once key so concurrent runs cannot fork the chain.
 */
export class EvidenceStore {
  constructor(readonly blobs: BlobStore) {}

  beginRun(runId: string, startedAt: Date): RunWriter {
    checkRunId(runId);
    return new StoreRunWriter(this, runId, startedAt);
  }

  async head(): Promise<ChainHead | undefined> {
    const keys = await this.chainKeys();
    const key = keys.at(-1);
    if (key === undefined) return undefined;
    const bytes = await this.blobs.get(key);
    return { manifest: this.decodeAt(bytes, key), sha256: sha256Hex(bytes) };
  }

  /** Every committed run, in sequence order. */
  async listRuns(): Promise<Manifest[]> {
    const manifests: Manifest[] = [];
    for (const key of await this.chainKeys()) manifests.push(this.decodeAt(await this.blobs.get(key), key));
    return manifests;
  }

  async readArtifact(runId: string, path: string): Promise<Uint8Array> {
    checkRunId(runId);
    return this.blobs.get(artifactKey(runId, path));
  }

  /** The run's findings as stored (JSON lines), after checking them against the manifest; `[]` if it has none. */
  async readFindingsOf(manifest: Manifest): Promise<unknown[]> {
    const artifact = manifest.artifacts.find((a) => a.path === FINDINGS_PATH);
    if (!artifact) return [];
    const bytes = await this.readArtifact(manifest.runId, artifact.path);
    if (sha256Hex(bytes) !== artifact.sha256) {
      throw new EvidenceError(`${artifactKey(manifest.runId, artifact.path)}: sha256 differs from the manifest`, {
        code: 'invalid',
      });
    }
    return Buffer.from(bytes)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  }

  private async chainKeys(): Promise<string[]> {
    const keys = await this.blobs.list(CHAIN_PREFIX);
    return keys.filter((k) => sequenceOfChainKey(k) !== undefined);
  }

  private decodeAt(bytes: Uint8Array, key: string): Manifest {
    const manifest = decodeManifest(bytes, key);
    if (manifest.sequence !== sequenceOfChainKey(key)) {
      throw new EvidenceError(`${key}: holds sequence ${manifest.sequence}`, { code: 'invalid' });
    }
    return manifest;
  }
}

class StoreRunWriter implements RunWriter {
  private readonly pending: Promise<Artifact>[] = [];
  private state: 'open' | 'committing' | 'committed' = 'open';

  constructor(
    private readonly store: EvidenceStore,
    readonly runId: string,
    private readonly startedAt: Date,
  ) {}

  add(path: string, body: Uint8Array, mediaType: string): Promise<Artifact> {
    if (this.state !== 'open')
      return Promise.reject(new EvidenceError(`run ${this.runId}: cannot add ${path} after commit`));
    const artifact: Artifact = { path, sha256: sha256Hex(body), size: body.byteLength, mediaType };
    const stored = this.store.blobs.putIfAbsent(artifactKey(this.runId, path), body).then(() => artifact);
    this.pending.push(stored);
    return stored;
  }

  async commit(fields: CommitFields): Promise<{ manifest: Manifest; key: string }> {
    if (this.state !== 'open') throw new EvidenceError(`run ${this.runId}: already ${this.state}`);
    this.state = 'committing';
    try {
      const result = await this.appendManifest(fields, await this.storedArtifacts());
      this.state = 'committed';
      return result;
    } finally {
      if (this.state === 'committing') this.state = 'open';
    }
  }

  private async storedArtifacts(): Promise<Artifact[]> {
    const settled = await Promise.allSettled(this.pending);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed)
      throw new EvidenceError(`run ${this.runId}: an artifact was not stored, so the run cannot be committed`, {
        cause: failed.reason,
      });
    return settled.map((s) => (s as PromiseFulfilledResult<Artifact>).value);
  }

  private async appendManifest(
    fields: CommitFields,
    artifacts: Artifact[],
  ): Promise<{ manifest: Manifest; key: string }> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.store.head();
      const sequence = head ? head.manifest.sequence + 1 : 1;
      const bytes = encodeManifest({
        ...fields,
        schemaVersion: 1,
        runId: this.runId,
        sequence,
        startedAt: this.startedAt.toISOString(),
        previous: head
          ? { sequence: head.manifest.sequence, runId: head.manifest.runId, manifestSha256: head.sha256 }
          : null,
        artifacts,
      });
      const key = chainKey(sequence);
      try {
        await this.store.blobs.putIfAbsent(key, bytes);
        return { manifest: decodeManifest(bytes, key), key };
      } catch (e) {
        const taken = e instanceof EvidenceError && e.code === 'exists';
        if (!taken) throw e;
        if (attempt >= MAX_COMMIT_ATTEMPTS) {
          throw new EvidenceError(
            `run ${this.runId}: gave up after ${attempt} attempts to claim a chain sequence; other runs kept taking it`,
            { cause: e },
          );
        }
      }
    }
  }
}

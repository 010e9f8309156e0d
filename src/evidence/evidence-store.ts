import { EvidenceError, StoreUnusableError } from '../errors.js';
import type { Artifact, Manifest } from '../model/run.js';
import type { BlobStore } from './blob-store.js';
import { RecordStore } from './record-store.js';
import { decodeManifest, encodeManifest, sha256Hex } from './manifest-codec.js';
import { claimNextSequence, inspectClaim, type ClaimTiming } from './sequence-claim.js';
import {
  artifactKey,
  CHAIN_PREFIX,
  chainKey,
  checkRunId,
  CLAIMS_PREFIX,
  FINDINGS_PATH,
  RUNS_PREFIX,
  sequenceOfChainKey,
  sequenceOfClaimKey,
} from './store-layout.js';

/** What the caller supplies at commit; the store fills in identity, chain link, claim and artifact list. */
export type CommitFields = Omit<
  Manifest,
  'schemaVersion' | 'runId' | 'sequence' | 'startedAt' | 'claimedAt' | 'previous' | 'artifacts' | 'digest'
>;

export interface ChainHead {
  manifest: Manifest;
  /** SHA-256 of the manifest file's bytes: what the next manifest links to. */
  sha256: string;
}

export interface PendingArtifact {
  path: string;
  body: Uint8Array;
  mediaType: string;
}

/** What a run writes once it knows the manifest it follows: the artifacts that depend on it, and the manifest fields. */
export interface CommitPlan {
  artifacts: PendingArtifact[];
  fields: CommitFields;
}

export interface Committed {
  manifest: Manifest;
  key: string;
}

/** One run being written: artifacts first, then the manifest that makes them evidence. */
export interface RunWriter {
  readonly runId: string;
  /** Stores `body` at `runs/<runId>/<path>`; the manifest lists artifacts in the order `add` was called. */
  add(path: string, body: Uint8Array, mediaType: string): Promise<Artifact>;
  /**
   * Waits for every `add`, claims the next chain sequence, then calls `plan` with the manifest that sequence follows
   * (so history is computed against the run this one chains to, however many runs overlap), stores what it returns
   * (the findings among it) and appends the manifest.
   */
  commitAfter(plan: (head: ChainHead | undefined) => Promise<CommitPlan>): Promise<Committed>;
  /** `commitAfter` for a run whose artifacts do not depend on the previous run. */
  commit(fields: CommitFields): Promise<Committed>;
}

export interface EvidenceStoreOptions {
  /** A claim this old without its manifest belongs to a run that died while committing (default 5 minutes). */
  staleClaimAfterMs?: number;
  /** How often a run waiting on another's commit looks again (default 500 ms). */
  pollMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Append-only, tamper-evident run storage. Nothing is overwritten; each manifest carries the SHA-256 of the
 * one before it, and each run claims its sequence with a write-once key before writing its findings, so concurrent
 * runs neither fork the chain nor compute history against a head they do not follow.
 */
export class EvidenceStore {
  readonly timing: ClaimTiming;
  /** Attestations, decisions and other evidence that is not a run; each run's manifest anchors the new ones. */
  readonly records: RecordStore;

  constructor(
    readonly blobs: BlobStore,
    options: EvidenceStoreOptions = {},
  ) {
    this.timing = {
      staleAfterMs: options.staleClaimAfterMs ?? 300_000,
      pollMs: options.pollMs ?? 500,
      now: options.now ?? (() => new Date()),
      sleep: options.sleep ?? sleepMs,
    };
    this.records = new RecordStore(blobs, this.timing.now);
  }

  beginRun(runId: string, startedAt: Date): RunWriter {
    checkRunId(runId);
    return new StoreRunWriter(this, runId, startedAt);
  }

  /**
   * Before a run collects anything: the store takes writes, and its chain ends where its claims say it does. A run
   * chaining onto a store whose newest manifests (or whole chain) were deleted would hide that, so it is refused.
   * Returns the head it read (where incremental reads resume).
   */
  async checkReady(): Promise<ChainHead | undefined> {
    await this.blobs.checkWritable();
    const unusable = (problem: string, cause?: unknown) =>
      new StoreUnusableError(
        `evidence store ${this.blobs.location}: ${problem}; \`assay evidence verify\` shows the state`,
        {
          cause,
        },
      );
    const head = await this.head().catch((e: unknown) => {
      throw unusable(e instanceof Error ? e.message : String(e), e);
    });
    const last = head?.manifest.sequence ?? 0;
    const claimed = (await this.blobs.list(CLAIMS_PREFIX)).reduce(
      (max, key) => Math.max(max, sequenceOfClaimKey(key) ?? 0),
      0,
    );
    if (claimed > last + 1)
      throw unusable(
        `sequence ${claimed} was claimed, but the chain ends at ${last === 0 ? 'nothing (no manifest in chain/)' : chainKey(last)}: manifests were deleted`,
      );
    if (claimed === last + 1) {
      const state = await inspectClaim(this.blobs, claimed, this.timing);
      if (state.kind === 'orphaned') throw unusable(state.problem);
    }
    if (last === 0 && claimed === 0) {
      const found = (await this.blobs.list(RUNS_PREFIX)).filter((k) => k.endsWith(`/${FINDINGS_PATH}`));
      if (found.length > 0)
        throw unusable(
          `${found.length} run${found.length === 1 ? '' : 's'} wrote findings (${found[0]!}), yet chain/ holds no manifest: the chain was deleted`,
        );
    }
    return head;
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
  private state: 'open' | 'claimed' | 'committing' | 'committed' = 'open';

  constructor(
    private readonly store: EvidenceStore,
    readonly runId: string,
    private readonly startedAt: Date,
  ) {}

  add(path: string, body: Uint8Array, mediaType: string): Promise<Artifact> {
    if (this.state === 'committing' || this.state === 'committed')
      return Promise.reject(new EvidenceError(`run ${this.runId}: cannot add ${path} after commit`));
    // Findings mark a run that holds its sequence claim: verify relies on it to tell a deleted manifest from a crash.
    if (path === FINDINGS_PATH && this.state !== 'claimed')
      return Promise.reject(
        new EvidenceError(`run ${this.runId}: ${path} is written at commit, once the run holds its chain sequence`),
      );
    const artifact: Artifact = { path, sha256: sha256Hex(body), size: body.byteLength, mediaType };
    const stored = this.store.blobs.putIfAbsent(artifactKey(this.runId, path), body).then(() => artifact);
    this.pending.push(stored);
    return stored;
  }

  commit(fields: CommitFields): Promise<Committed> {
    return this.commitAfter(() => Promise.resolve({ artifacts: [], fields }));
  }

  async commitAfter(plan: (head: ChainHead | undefined) => Promise<CommitPlan>): Promise<Committed> {
    if (this.state !== 'open') throw new EvidenceError(`run ${this.runId}: already ${this.state}`);
    await this.storedArtifacts();
    const { blobs, timing } = this.store;
    const claim = await claimNextSequence(
      blobs,
      async () => {
        const head = await this.store.head();
        return head ? { ...head, sequence: head.manifest.sequence } : undefined;
      },
      this.runId,
      timing,
    );
    this.state = 'claimed';
    const { artifacts: extra, fields } = await plan(claim.head);
    for (const a of extra) await this.add(a.path, a.body, a.mediaType);
    this.state = 'committing';
    const artifacts = await this.storedArtifacts();
    const head = claim.head;
    const bytes = encodeManifest({
      ...fields,
      schemaVersion: 1,
      runId: this.runId,
      sequence: claim.sequence,
      startedAt: this.startedAt.toISOString(),
      ...(claim.claimedAt ? { claimedAt: claim.claimedAt } : {}),
      previous: head
        ? { sequence: head.manifest.sequence, runId: head.manifest.runId, manifestSha256: head.sha256 }
        : null,
      artifacts,
    });
    const key = chainKey(claim.sequence);
    try {
      await blobs.putIfAbsent(key, bytes);
    } catch (e) {
      if (!(e instanceof EvidenceError && e.code === 'exists')) throw e;
      throw new EvidenceError(
        `run ${this.runId}: another run committed ${key} while this one was writing it (a claim was taken over as stale); this run is not evidence`,
        { cause: e },
      );
    }
    this.state = 'committed';
    return { manifest: decodeManifest(bytes, key), key };
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
}

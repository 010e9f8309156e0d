import { EvidenceError, StoreUnusableError } from '../errors.js';
import type { Artifact, Manifest } from '../model/run.js';
import type { BlobStore } from './blob-store.js';
import { RecordStore } from './record-store.js';
import { decodeManifest, sha256Hex } from './manifest-codec.js';
import { rollForward, type Recovery } from './roll-forward.js';
import { acquireRunLock, type HeldLock, type LockBackend } from './run-lock.js';
import { inspectClaim, type Claim, type ClaimTiming } from './sequence-claim.js';
import { StoreRunWriter } from './store-run-writer.js';
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
  /** Taken by `checkReady`, released once the manifest is written (or by `releaseRunLock`). */
  runLock?: { backend: LockBackend; staleAfterMs: number };
  /** What each manifest records about the store (`store: { location, locked }`); asked at commit. */
  describe?: () => { location: string; locked: boolean } | undefined;
  /** Told when a run finishes the commit of a run that died after writing its findings. */
  onRollForward?: (recovery: Recovery) => void;
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
  private readonly options: EvidenceStoreOptions;
  private heldLock: HeldLock | undefined;

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
    this.options = options;
  }

  beginRun(runId: string, startedAt: Date): RunWriter {
    checkRunId(runId);
    return new StoreRunWriter(this, runId, startedAt);
  }

  /**
   * Before a run collects anything: the store takes writes, and its chain ends where its claims say it does. A run
   * chaining onto a store whose newest manifests (or whole chain) were deleted would hide that, so it is refused.
   * Returns the head it read (where incremental reads resume). With a run lock configured, takes it first: another
   * run holding it stops this one here (`RunLockedError`).
   */
  async checkReady(): Promise<ChainHead | undefined> {
    await this.blobs.checkWritable();
    if (this.options.runLock && !this.heldLock)
      this.heldLock = await acquireRunLock(this.options.runLock.backend, {
        staleAfterMs: this.options.runLock.staleAfterMs,
        now: this.timing.now,
      });
    try {
      return await this.checkChain();
    } catch (e) {
      await this.releaseRunLock();
      throw e;
    }
  }

  /** Lets the next run in; idempotent, never throws (a lock left behind goes stale). */
  async releaseRunLock(): Promise<void> {
    const held = this.heldLock;
    this.heldLock = undefined;
    await held?.release();
  }

  storeDescription(): { location: string; locked: boolean } | undefined {
    return this.options.describe?.();
  }

  /**
   * Finishes the commit of the run holding claim `sequence` that died after its findings (#15), from its commit
   * intent; `undefined` when done, else why it cannot be (a partial run is never committed).
   */
  async finishCommit(sequence: number, claim: Claim | undefined): Promise<string | undefined> {
    const result = await rollForward(this.blobs, sequence, claim, await this.head(), this.timing.now);
    if (!result.rolled) return result.problem;
    this.options.onRollForward?.(result.recovery);
    return undefined;
  }

  private async checkChain(): Promise<ChainHead | undefined> {
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
      if (state.kind === 'orphaned') {
        const notFinished = await this.finishCommit(claimed, state.claim);
        if (notFinished !== undefined) throw unusable(`${state.problem}; it cannot be rolled forward (${notFinished})`);
        return this.head();
      }
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

import { EvidenceError } from '../errors.js';
import type { Artifact } from '../model/run.js';
import type { ChainHead, CommitFields, CommitPlan, Committed, EvidenceStore, RunWriter } from './evidence-store.js';
import { decodeManifest, encodeManifest, sha256Hex } from './manifest-codec.js';
import { claimNextSequence } from './sequence-claim.js';
import { artifactKey, chainKey, FINDINGS_PATH, intentKey } from './store-layout.js';

/**
 * One run being written. At commit: claim the sequence, then the commit intent (the manifest's bytes, under
 * `intents/`), then the commit artifacts with the findings last, then the manifest. Findings therefore mark a run
 * whose every artifact is stored and whose manifest is known, so a run killed after them is rolled forward by the
 * next (#15), and one killed before them is not evidence and its claim is taken over.
 */
export class StoreRunWriter implements RunWriter {
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
    const artifact = artifactOf(path, body, mediaType);
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
      (sequence, held) => this.store.finishCommit(sequence, held),
    );
    this.state = 'claimed';
    const { artifacts: extra, fields } = await plan(claim.head);
    const artifacts = [...(await this.storedArtifacts()), ...extra.map((a) => artifactOf(a.path, a.body, a.mediaType))];
    const head = claim.head;
    const store = this.store.storeDescription();
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
      ...(store ? { store } : {}),
      artifacts,
    });
    await blobs.putIfAbsent(intentKey(claim.sequence, this.runId), bytes);
    for (const a of [
      ...extra.filter((x) => x.path !== FINDINGS_PATH),
      ...extra.filter((x) => x.path === FINDINGS_PATH),
    ])
      await this.add(a.path, a.body, a.mediaType);
    this.state = 'committing';
    await this.storedArtifacts();
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
    await this.store.releaseRunLock();
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

const artifactOf = (path: string, body: Uint8Array, mediaType: string): Artifact => ({
  path,
  sha256: sha256Hex(body),
  size: body.byteLength,
  mediaType,
});

import { z } from 'zod';
import { EvidenceError, StoreUnusableError } from '../errors.js';
import type { BlobStore } from './blob-store.js';
import { artifactKey, chainKey, claimKey, FINDINGS_PATH } from './store-layout.js';

/**
 * Who claimed a chain sequence, and when: written once at `claims/<sequence>.json` before a run writes its findings,
 * so two runs never compute their history against the same head, and a crash is told apart from a commit under way.
 */
export const ClaimSchema = z.object({ runId: z.string(), claimedAt: z.iso.datetime() }).strict();
export type Claim = z.infer<typeof ClaimSchema>;

export const encodeClaim = (claim: Claim): Uint8Array =>
  Buffer.from(`${JSON.stringify({ runId: claim.runId, claimedAt: claim.claimedAt })}\n`);

/** The claim in `bytes` if they are exactly its canonical encoding, else `undefined`. */
export function decodeClaim(bytes: Uint8Array): Claim | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = ClaimSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return Buffer.compare(Buffer.from(encodeClaim(parsed.data)), Buffer.from(bytes)) === 0 ? parsed.data : undefined;
}

export interface ClaimTiming {
  /** A claim this old whose manifest never came belongs to a run that died while committing. */
  staleAfterMs: number;
  /** How long to wait before looking again at a claim another run holds. */
  pollMs: number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export interface ChainPosition {
  /** The manifest the claimed sequence follows (undefined for the first run). */
  head: { sequence: number } | undefined;
}

export const isCode = (e: unknown, code: string): boolean => e instanceof EvidenceError && e.code === code;

/** The blob at `key`, or undefined when there is none; any other failure is thrown. */
export async function readOrUndefined(blobs: BlobStore, key: string): Promise<Uint8Array | undefined> {
  try {
    return await blobs.get(key);
  } catch (e) {
    if (isCode(e, 'missing')) return undefined;
    throw e;
  }
}

/** What stands at `sequence` when its claim key is taken. */
export type ClaimState =
  | { kind: 'committed' }
  | { kind: 'in-progress'; claim: Claim }
  /** The claimant died before writing its findings: nothing of it is evidence, so its sequence may be taken over. */
  | { kind: 'abandoned'; claim: Claim | undefined }
  /** The claimant wrote its findings but no manifest: the manifest was deleted, or it died in the instant before. */
  | { kind: 'orphaned'; claim: Claim | undefined; problem: string };

export async function inspectClaim(
  blobs: BlobStore,
  sequence: number,
  timing: Pick<ClaimTiming, 'staleAfterMs' | 'now'>,
): Promise<ClaimState> {
  if ((await readOrUndefined(blobs, chainKey(sequence))) !== undefined) return { kind: 'committed' };
  const bytes = await readOrUndefined(blobs, claimKey(sequence));
  const claim = bytes && decodeClaim(bytes);
  const age = claim ? timing.now().getTime() - Date.parse(claim.claimedAt) : Infinity;
  if (claim && age < timing.staleAfterMs) return { kind: 'in-progress', claim };
  const wroteFindings = claim && (await readOrUndefined(blobs, artifactKey(claim.runId, FINDINGS_PATH))) !== undefined;
  if (!wroteFindings) return { kind: 'abandoned', claim };
  return {
    kind: 'orphaned',
    claim,
    problem:
      `run ${claim.runId} claimed sequence ${sequence} at ${claim.claimedAt} and wrote its findings, but ` +
      `${chainKey(sequence)} is missing: that manifest was deleted, or the run died just before writing it`,
  };
}

/**
 * Claims the sequence after the current head with a write-once key. A claim held by a run still committing is waited
 * for; one left by a run that died before writing its findings is taken over; an orphaned one is rolled forward when
 * its commit intent checks out (`finish`), else it stops the run, since chaining past it would hide a deleted
 * manifest. Works on any `BlobStore`: it needs only `putIfAbsent` and `get`.
 */
export async function claimNextSequence<H extends ChainPosition['head']>(
  blobs: BlobStore,
  readHead: () => Promise<H>,
  runId: string,
  timing: ClaimTiming,
  /** Finishes an orphaned claim's commit from its intent (roll-forward); `undefined` when it did, else why not. */
  finish?: (sequence: number, claim: Claim | undefined) => Promise<string | undefined>,
): Promise<{ head: H; sequence: number; claimedAt: string | undefined }> {
  // Each wait ages the holder's claim by pollMs, so it is stale by then; the rest covers heads moving meanwhile.
  const maxAttempts = Math.ceil(timing.staleAfterMs / timing.pollMs) + 64;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const head = await readHead();
    const sequence = (head?.sequence ?? 0) + 1;
    const claimedAt = timing.now().toISOString();
    try {
      await blobs.putIfAbsent(claimKey(sequence), encodeClaim({ runId, claimedAt }));
      return { head, sequence, claimedAt };
    } catch (e) {
      if (!isCode(e, 'exists')) throw e;
    }
    const state = await inspectClaim(blobs, sequence, timing);
    // Taken over: the claim key stays the dead run's, so the manifest records no claim of its own.
    if (state.kind === 'abandoned') return { head, sequence, claimedAt: undefined };
    if (state.kind === 'orphaned') {
      const notFinished = finish ? await finish(sequence, state.claim) : 'no roll-forward';
      // Finished: the head moved past it, and the next attempt claims the sequence after.
      if (notFinished === undefined) continue;
      throw new StoreUnusableError(
        `evidence store ${blobs.location}: ${state.problem}; it cannot be rolled forward (${notFinished}); \`assay evidence verify\` shows the state`,
      );
    }
    if (state.kind === 'in-progress') await timing.sleep(timing.pollMs);
  }
  throw new EvidenceError(
    `run ${runId}: gave up after ${maxAttempts} attempts to claim a chain sequence; other runs kept taking it`,
  );
}

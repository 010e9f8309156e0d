import type { BlobStore } from './blob-store.js';
import { inspectManifest, sha256Hex } from './manifest-codec.js';
import { checkIntent, decodeRecovery } from './roll-forward.js';
import {
  FINDINGS_PATH,
  INTENTS_PREFIX,
  parseIntentKey,
  RECOVERIES_PREFIX,
  sequenceOfRecoveryKey,
} from './store-layout.js';
import { readOrReport, type ChainEntry, type Report } from './verify-chain.js';
import type { ClaimEntry } from './verify-claims.js';

/** A run whose commit a later run finished from its intent (`recoveries/<sequence>.json`). */
export interface RolledForward {
  sequence: number;
  runId: string;
  rolledForwardAt: string;
}

/** A run that died after writing every artifact of its commit, before its manifest: the next run writes it. */
export interface PendingCommit {
  sequence: number;
  runId: string;
}

export interface IntentsVerified {
  rolledForward: RolledForward[];
  pending: PendingCommit[];
}

/**
 * Commit intents and recovery notes. An intent of a committed run is byte for byte its manifest; one of a run whose
 * sequence was taken over is still a valid manifest; a recovery note names the manifest now in the chain. The claim
 * just past the chain whose run wrote its findings is pending, not a problem, when its intent checks out as
 * `rollForward` would check it; otherwise `checkUncommitted` reports the missing manifest.
 */
export async function verifyIntents(
  blobs: BlobStore,
  entries: readonly ChainEntry[],
  claims: ReadonlyMap<number, ClaimEntry>,
  report: Report,
): Promise<IntentsVerified> {
  const bySequence = new Map(entries.map((e) => [e.sequence, e]));
  for (const key of await blobs.list(INTENTS_PREFIX)) {
    const parsed = parseIntentKey(key);
    if (!parsed) {
      report(key, 'unexpected file among the commit intents');
      continue;
    }
    const bytes = await readOrReport(blobs, key, report);
    if (bytes === undefined) continue;
    const entry = bySequence.get(parsed.sequence);
    const committedBy = entry?.manifest?.runId ?? entry?.claimedRunId;
    if (entry && committedBy === parsed.runId) {
      if (sha256Hex(bytes) !== entry.sha256) report(key, `differs from ${entry.key}, the manifest it announced`);
      continue;
    }
    const inspection = inspectManifest(bytes);
    if (!inspection.ok) report(key, inspection.problem);
    else if (inspection.manifest.sequence !== parsed.sequence || inspection.manifest.runId !== parsed.runId)
      report(key, `holds run ${inspection.manifest.runId} at sequence ${inspection.manifest.sequence}`);
  }

  const rolledForward: RolledForward[] = [];
  for (const key of await blobs.list(RECOVERIES_PREFIX)) {
    const sequence = sequenceOfRecoveryKey(key);
    const bytes = sequence === undefined ? undefined : await readOrReport(blobs, key, report);
    const note = bytes && decodeRecovery(bytes);
    if (sequence === undefined || (bytes && !note)) {
      report(key, 'not a recovery note: expected {"sequence","runId","manifestSha256","rolledForwardAt"}');
      continue;
    }
    const entry = bySequence.get(sequence);
    // A note without its manifest: the run finishing the commit died in between; the intent stays pending.
    if (!note || !entry) continue;
    if (note.sequence !== sequence || note.runId !== entry.manifest?.runId || note.manifestSha256 !== entry.sha256)
      report(key, `does not describe ${entry.key}`);
    else rolledForward.push({ sequence, runId: note.runId, rolledForwardAt: note.rolledForwardAt });
  }

  const pending: PendingCommit[] = [];
  const last = entries.at(-1);
  const next = claims.get((last?.sequence ?? 0) + 1);
  const newestClaim = Math.max(0, ...claims.keys());
  if (next?.claim && next.sequence === newestClaim && (!last || last.manifest)) {
    const previous = last?.manifest
      ? { sequence: last.sequence, runId: last.manifest.runId, manifestSha256: last.sha256 }
      : null;
    const check = await checkIntent(blobs, next.sequence, next.claim, previous);
    if (check.complete && check.manifest.artifacts.some((a) => a.path === FINDINGS_PATH))
      pending.push({ sequence: next.sequence, runId: next.claim.runId });
  }
  return { rolledForward, pending };
}

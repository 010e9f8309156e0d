import type { BlobStore } from './blob-store.js';
import { decodeClaim, type Claim } from './sequence-claim.js';
import { CLAIMS_PREFIX, claimKey, sequenceOfClaimKey } from './store-layout.js';
import { readOrReport, type ChainEntry, type Report } from './verify-chain.js';

export interface ClaimEntry {
  key: string;
  sequence: number;
  /** Absent when the claim file is not a claim. */
  claim?: Claim;
}

/** Every sequence claim, by sequence; a file that is not one is reported. */
export async function readClaims(blobs: BlobStore, report: Report): Promise<Map<number, ClaimEntry>> {
  const claims = new Map<number, ClaimEntry>();
  for (const key of await blobs.list(CLAIMS_PREFIX)) {
    const sequence = sequenceOfClaimKey(key);
    if (sequence === undefined) {
      report(key, 'unexpected file among the sequence claims');
      continue;
    }
    const bytes = await readOrReport(blobs, key, report);
    if (bytes === undefined) continue;
    const claim = decodeClaim(bytes);
    if (!claim) report(key, 'not a valid claim: expected {"runId":…,"claimedAt":…} exactly as assay writes it');
    claims.set(sequence, { key, sequence, ...(claim ? { claim } : {}) });
  }
  return claims;
}

/**
 * A manifest records when its run claimed its sequence, so the claim file is covered byte for byte: it must exist and
 * say the same. A manifest without `claimedAt` took its sequence over from a run that died (or predates claims).
 */
export function checkClaimsOfChain(
  entries: readonly ChainEntry[],
  claims: ReadonlyMap<number, ClaimEntry>,
  report: Report,
): void {
  for (const entry of entries) {
    const m = entry.manifest;
    if (!m) continue;
    const held = claims.get(entry.sequence);
    if (m.claimedAt !== undefined) {
      if (!held)
        report(
          claimKey(entry.sequence),
          `missing: ${entry.key} records that run ${m.runId} claimed sequence ${entry.sequence} at ${m.claimedAt}`,
        );
      else if (held.claim && (held.claim.runId !== m.runId || held.claim.claimedAt !== m.claimedAt))
        report(held.key, `differs from ${entry.key}, which records run ${m.runId} claiming it at ${m.claimedAt}`);
    } else if (held?.claim?.runId === m.runId) {
      report(held.key, `names run ${m.runId}, but ${entry.key} records no claim of its own`);
    }
  }
}

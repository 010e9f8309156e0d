import { z } from 'zod';
import type { Manifest } from '../model/run.js';
import type { BlobStore } from './blob-store.js';
import { inspectManifest, sha256Hex } from './manifest-codec.js';
import { isCode, readOrUndefined, type Claim } from './sequence-claim.js';
import { artifactKey, chainKey, intentKey, recoveryKey } from './store-layout.js';

/** What `recoveries/<sequence>.json` says: which run's commit a later run finished, and when. */
export const RecoverySchema = z
  .object({
    sequence: z.number().int().positive(),
    runId: z.string(),
    manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
    rolledForwardAt: z.iso.datetime(),
  })
  .strict();
export type Recovery = z.infer<typeof RecoverySchema>;

export const encodeRecovery = (r: Recovery): Uint8Array =>
  Buffer.from(
    `${JSON.stringify({ sequence: r.sequence, runId: r.runId, manifestSha256: r.manifestSha256, rolledForwardAt: r.rolledForwardAt })}\n`,
  );

export function decodeRecovery(bytes: Uint8Array): Recovery | undefined {
  try {
    const parsed = RecoverySchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type IntentCheck =
  { complete: true; manifest: Manifest; bytes: Uint8Array; key: string } | { complete: false; problem: string };

/**
 * Whether the commit `claim`'s run intended at `sequence` can be finished by writing its manifest as is: the intent
 * is a valid manifest of that run, sequence and claim, it follows `previous` (the manifest now at `sequence - 1`), and
 * every artifact it lists is in the store with its size and SHA-256. Anything less is a partial run, never committed.
 */
export async function checkIntent(
  blobs: BlobStore,
  sequence: number,
  claim: Claim,
  previous: Manifest['previous'],
): Promise<IntentCheck> {
  const key = intentKey(sequence, claim.runId);
  const bytes = await readOrUndefined(blobs, key);
  if (!bytes) return { complete: false, problem: `no commit intent (${key})` };
  const inspection = inspectManifest(bytes);
  if (!inspection.ok) return { complete: false, problem: `${key}: ${inspection.problem}` };
  const m = inspection.manifest;
  if (m.sequence !== sequence || m.runId !== claim.runId || m.claimedAt !== claim.claimedAt)
    return { complete: false, problem: `${key} is not the commit of the run holding claim ${sequence}` };
  if (JSON.stringify(m.previous) !== JSON.stringify(previous))
    return {
      complete: false,
      problem: `${key} follows ${m.previous ? chainKey(m.previous.sequence) : 'nothing'} with another hash than the chain holds`,
    };
  for (const a of m.artifacts) {
    const found = await readOrUndefined(blobs, artifactKey(m.runId, a.path));
    if (!found) return { complete: false, problem: `${artifactKey(m.runId, a.path)}, listed in ${key}, is missing` };
    if (found.byteLength !== a.size || sha256Hex(found) !== a.sha256)
      return { complete: false, problem: `${artifactKey(m.runId, a.path)} differs from ${key}` };
  }
  return { complete: true, manifest: m, bytes, key };
}

export type RollForward = { rolled: true; recovery: Recovery } | { rolled: false; problem: string };

/**
 * Finishes the commit of a run that died after writing its findings but before its manifest (#15): when its
 * intent checks out, writes a recovery note, then the intent's bytes as `chain/<sequence>.json` — the manifest the
 * run would have written, so its chain link and every hash are its own. Otherwise says why not; nothing is written.
 */
export async function rollForward(
  blobs: BlobStore,
  sequence: number,
  claim: Claim | undefined,
  head: { manifest: Manifest; sha256: string } | undefined,
  now: () => Date,
): Promise<RollForward> {
  if (!claim) return { rolled: false, problem: `${sequence}'s claim is not a valid claim` };
  if ((head?.manifest.sequence ?? 0) !== sequence - 1)
    return { rolled: false, problem: `the chain does not end at sequence ${sequence - 1}` };
  const previous = head
    ? { sequence: head.manifest.sequence, runId: head.manifest.runId, manifestSha256: head.sha256 }
    : null;
  const check = await checkIntent(blobs, sequence, claim, previous);
  if (!check.complete) return { rolled: false, problem: check.problem };
  const recovery: Recovery = {
    sequence,
    runId: claim.runId,
    manifestSha256: sha256Hex(check.bytes),
    rolledForwardAt: now().toISOString(),
  };
  const ignoreExists = (e: unknown) => {
    if (!isCode(e, 'exists')) throw e;
  };
  // Another run finishing the same commit at once writes the same manifest: whichever lands, the chain is the same.
  await blobs.putIfAbsent(recoveryKey(sequence), encodeRecovery(recovery)).catch(ignoreExists);
  await blobs.putIfAbsent(chainKey(sequence), check.bytes).catch(ignoreExists);
  return { rolled: true, recovery };
}

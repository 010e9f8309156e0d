import type { Manifest } from '../model/run.js';
import { ManifestSchema } from '../model/run.js';
import type { BlobStore } from './blob-store.js';
import { inspectManifest, sha256Hex } from './manifest-codec.js';
import { CHAIN_PREFIX, chainKey, isRunId, sequenceOfChainKey } from './store-layout.js';

export type Report = (path: string, problem: string) => void;

export interface ChainEntry {
  key: string;
  sequence: number;
  sha256: string;
  /** Present when the manifest verified. */
  manifest?: Manifest;
  /** The run a manifest that failed verification still appears to describe, so its directory is not called incomplete. */
  claimedRunId?: string;
  /** Artifacts of a schema-valid but failing manifest: still checked, for a fuller report. */
  claimedArtifacts?: Manifest['artifacts'];
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The stored bytes, or `undefined` after reporting the key as unreadable. */
export async function readOrReport(blobs: BlobStore, key: string, report: Report): Promise<Uint8Array | undefined> {
  try {
    return await blobs.get(key);
  } catch (e) {
    report(key, `unreadable: ${describe(e)}`);
    return undefined;
  }
}

/** Every manifest of the chain, checked on its own (schema, digest, canonical bytes, sequence), in sequence order. */
export async function readChain(blobs: BlobStore, report: Report): Promise<ChainEntry[]> {
  const entries: ChainEntry[] = [];
  for (const key of await blobs.list(CHAIN_PREFIX)) {
    const sequence = sequenceOfChainKey(key);
    if (sequence === undefined) {
      report(key, 'unexpected file in the manifest chain');
      continue;
    }
    const bytes = await readOrReport(blobs, key, report);
    if (bytes === undefined) continue;
    const entry: ChainEntry = { key, sequence, sha256: sha256Hex(bytes) };
    const inspection = inspectManifest(bytes);
    if (inspection.ok) {
      entry.manifest = inspection.manifest;
      if (inspection.manifest.sequence !== sequence)
        report(key, `holds sequence ${inspection.manifest.sequence}, not ${sequence}`);
    } else {
      report(key, inspection.problem);
      Object.assign(entry, salvage(bytes));
    }
    entries.push(entry);
  }
  return entries.sort((a, b) => a.sequence - b.sequence);
}

/** What a failing manifest still says about its run, so the report stays about the right files. */
function salvage(bytes: Uint8Array): Pick<ChainEntry, 'claimedRunId' | 'claimedArtifacts'> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return {};
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (parsed.success) return { claimedRunId: parsed.data.runId, claimedArtifacts: parsed.data.artifacts };
  const runId = (raw as { runId?: unknown } | null)?.runId;
  return typeof runId === 'string' && isRunId(runId) ? { claimedRunId: runId } : {};
}

/** Each manifest must link to the one before it: sequence, run and SHA-256 of its bytes; no gaps. */
export function checkLinks(entries: ChainEntry[], report: Report): void {
  const bySequence = new Map(entries.map((e) => [e.sequence, e]));
  let expected = 1;
  for (const entry of entries) {
    for (; expected < entry.sequence; expected++)
      report(chainKey(expected), `missing: the chain skips from sequence ${expected - 1} to ${entry.sequence}`);
    expected = entry.sequence + 1;

    const previous = entry.manifest?.previous;
    if (!entry.manifest) continue;
    if (entry.sequence === 1) {
      if (previous !== null)
        report(entry.key, 'the first manifest links to a previous one: the start of the chain is gone');
      continue;
    }
    const before = bySequence.get(entry.sequence - 1);
    if (previous === null || previous === undefined) {
      report(entry.key, 'has no link to the previous manifest');
    } else if (!before) {
      report(entry.key, `links to ${chainKey(entry.sequence - 1)}, which is missing`);
    } else {
      if (previous.sequence !== before.sequence)
        report(entry.key, `links to sequence ${previous.sequence}, not ${before.sequence}`);
      if (previous.manifestSha256 !== before.sha256)
        report(entry.key, `previous.manifestSha256 does not match ${before.key}`);
      const beforeRunId = before.manifest?.runId ?? before.claimedRunId;
      if (beforeRunId !== undefined && previous.runId !== beforeRunId)
        report(entry.key, `links to run ${previous.runId}, but ${before.key} is run ${beforeRunId}`);
    }
  }
}

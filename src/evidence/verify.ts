import type { Manifest } from '../model/run.js';
import { ManifestSchema } from '../model/run.js';
import type { BlobStore } from './blob-store.js';
import { inspectManifest, sha256Hex } from './manifest-codec.js';
import { artifactKey, CHAIN_PREFIX, chainKey, isRunId, RUNS_PREFIX, sequenceOfChainKey } from './store-layout.js';

export interface VerifyProblem {
  /** The exact key at fault, e.g. `runs/<id>/findings.jsonl` or `chain/00000002.json`. */
  path: string;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Manifests in the chain. */
  runs: number;
  problems: VerifyProblem[];
  /** Run directories no manifest claims: the process stopped before committing; not evidence, not tampering. */
  incompleteRuns: string[];
}

interface ChainEntry {
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
async function readOrReport(
  blobs: BlobStore,
  key: string,
  report: (path: string, problem: string) => void,
): Promise<Uint8Array | undefined> {
  try {
    return await blobs.get(key);
  } catch (e) {
    report(key, `unreadable: ${describe(e)}`);
    return undefined;
  }
}

/** Recomputes everything the store promises; reports tampering rather than throwing on it. */
export async function verifyEvidence(blobs: BlobStore): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const report = (path: string, problem: string) => problems.push({ path, problem });

  const entries = await readChain(blobs, report);
  checkLinks(entries, report);

  const runKeys = await blobs.list(RUNS_PREFIX);
  const present = new Set(runKeys);
  const listedByRun = new Map<string, Set<string>>();
  for (const entry of entries) {
    const runId = entry.manifest?.runId ?? entry.claimedRunId;
    if (runId === undefined) continue;
    if (listedByRun.has(runId)) report(entry.key, `run ${runId} is already committed by an earlier manifest`);
    const listed = listedByRun.get(runId) ?? new Set<string>();
    listedByRun.set(runId, listed);
    for (const artifact of entry.manifest?.artifacts ?? entry.claimedArtifacts ?? []) {
      const key = artifactKey(runId, artifact.path);
      listed.add(key);
      if (!present.has(key)) {
        report(key, `missing: listed in ${entry.key} but not in the store`);
        continue;
      }
      const bytes = await readOrReport(blobs, key, report);
      if (bytes === undefined) continue;
      if (bytes.byteLength !== artifact.size)
        report(
          key,
          `size ${bytes.byteLength} differs from the manifest (${artifact.size}); sha256 differs from the manifest`,
        );
      else if (sha256Hex(bytes) !== artifact.sha256) report(key, 'sha256 differs from the manifest');
    }
  }

  const incompleteRuns = new Set<string>();
  for (const key of runKeys) {
    const [, runId, ...rest] = key.split('/');
    if (runId === undefined || rest.length === 0) {
      report(key, 'unexpected file outside any run directory');
      continue;
    }
    const listed = listedByRun.get(runId);
    if (!listed) incompleteRuns.add(runId);
    else if (!listed.has(key)) report(key, `unlisted file: the manifest of run ${runId} does not list it`);
  }

  return { ok: problems.length === 0, runs: entries.length, problems, incompleteRuns: [...incompleteRuns].sort() };
}

async function readChain(blobs: BlobStore, report: (path: string, problem: string) => void): Promise<ChainEntry[]> {
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

function checkLinks(entries: ChainEntry[], report: (path: string, problem: string) => void): void {
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

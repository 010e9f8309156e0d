import type { BlobStore } from './blob-store.js';
import { sha256Hex } from './manifest-codec.js';
import { artifactKey, chainKey, FINDINGS_PATH, runDir, RUNS_PREFIX } from './store-layout.js';
import { checkLinks, readChain, readOrReport, type ChainEntry, type Report } from './verify-chain.js';
import { checkClaimsOfChain, readClaims, type ClaimEntry } from './verify-claims.js';
import { verifyRecords, type RecordsVerified } from './verify-records.js';
import { verifyIntents, type PendingCommit, type RolledForward } from './verify-intents.js';

export interface VerifyProblem {
  /** The exact key at fault, e.g. `runs/<id>/findings.jsonl`, `runs/<id>/` or `chain/00000002.json`. */
  path: string;
  problem: string;
}

/** A run directory no manifest claims, and why that is not tampering. */
export interface IncompleteRun {
  runId: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Manifests in the chain. */
  runs: number;
  problems: VerifyProblem[];
  /** Runs that stopped before committing: not evidence, not tampering. */
  incompleteRuns: IncompleteRun[];
  /** Temporary files of writes that were interrupted: not evidence; nothing lists them. */
  leftovers: string[];
  /** Records (attestations, decisions) anchored by the chain, and those the next run will anchor. */
  records: RecordsVerified;
  /** Runs whose commit a later run finished from their commit intent (#15), each with its recovery note. */
  rolledForward: RolledForward[];
  /** A run that died after storing every artifact of its commit but before its manifest: the next run writes it. */
  pendingCommits: PendingCommit[];
}

/** Recomputes everything the store promises; reports tampering rather than throwing on it. */
export async function verifyEvidence(blobs: BlobStore): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const report: Report = (path, problem) => problems.push({ path, problem });

  const entries = await readChain(blobs, report);
  checkLinks(entries, report);
  const claims = await readClaims(blobs, report);
  checkClaimsOfChain(entries, claims, report);

  const runKeys = await blobs.list(RUNS_PREFIX);
  const dirs = new Map<string, Set<string>>();
  for (const key of runKeys) {
    const [, runId, ...rest] = key.split('/');
    if (runId === undefined || rest.length === 0) report(key, 'unexpected file outside any run directory');
    else dirs.set(runId, (dirs.get(runId) ?? new Set<string>()).add(key));
  }

  const committed = await checkArtifacts(blobs, entries, dirs, report);
  const { rolledForward, pending } = await verifyIntents(blobs, entries, claims, report);
  const pendingSequences = new Set(pending.map((p) => p.sequence));
  const settled = new Map([...claims].filter(([sequence]) => !pendingSequences.has(sequence)));
  const incompleteRuns = checkUncommitted(
    entries,
    settled,
    dirs,
    committed,
    report,
    new Set(pending.map((p) => p.runId)),
  );
  const records = await verifyRecords(blobs, entries, report);
  return {
    records,
    rolledForward,
    pendingCommits: pending,
    ok: problems.length === 0,
    runs: entries.length,
    problems,
    incompleteRuns,
    leftovers: await blobs.leftovers(),
  };
}

/** Every artifact a manifest lists, hashed; files a manifest does not list in its run's directory. Returns those runs. */
async function checkArtifacts(
  blobs: BlobStore,
  entries: readonly ChainEntry[],
  dirs: ReadonlyMap<string, ReadonlySet<string>>,
  report: Report,
): Promise<Set<string>> {
  const committed = new Set<string>();
  for (const entry of entries) {
    const runId = entry.manifest?.runId ?? entry.claimedRunId;
    if (runId === undefined) continue;
    if (committed.has(runId)) report(entry.key, `run ${runId} is already committed by an earlier manifest`);
    committed.add(runId);
    const artifacts = entry.manifest?.artifacts ?? entry.claimedArtifacts ?? [];
    const present = dirs.get(runId) ?? new Set<string>();
    if (present.size === 0 && artifacts.length > 0) {
      report(
        runDir(runId),
        `missing: the whole run directory is gone; ${entry.key} lists ${artifacts.length} artifacts`,
      );
      continue;
    }
    const listed = new Set<string>();
    for (const artifact of artifacts) {
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
    for (const key of present)
      if (!listed.has(key)) report(key, `unlisted file: the manifest of run ${runId} does not list it`);
  }
  return committed;
}

/**
 * Runs without a manifest. A run writes its findings only after claiming its chain sequence, so one that holds
 * findings was complete: without its manifest, that manifest was deleted (or is being written right now). One
 * without findings stopped before committing and is not evidence.
 */
function checkUncommitted(
  entries: readonly ChainEntry[],
  claims: ReadonlyMap<number, ClaimEntry>,
  dirs: ReadonlyMap<string, ReadonlySet<string>>,
  committed: ReadonlySet<string>,
  report: Report,
  pending: ReadonlySet<string>,
): IncompleteRun[] {
  const bySequence = new Map(entries.map((e) => [e.sequence, e]));
  const claimOf = new Map<string, ClaimEntry>();
  for (const held of claims.values()) if (held.claim) claimOf.set(held.claim.runId, held);
  const incomplete: IncompleteRun[] = [];
  let complete = 0;

  for (const [runId, keys] of [...dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (committed.has(runId) || pending.has(runId)) continue;
    const wroteFindings = keys.has(artifactKey(runId, FINDINGS_PATH));
    const held = claimOf.get(runId);
    const claim = held?.claim;
    if (held && claim) {
      const taker = bySequence.get(held.sequence);
      const at = `claimed sequence ${held.sequence} at ${claim.claimedAt}`;
      if (taker) {
        const by = taker.manifest?.runId ?? taker.claimedRunId ?? 'another run';
        incomplete.push({ runId, detail: `${at} but stopped before committing; run ${by} took the sequence over` });
      } else if (wroteFindings) {
        complete++;
        report(
          chainKey(held.sequence),
          `missing: run ${runId} ${at} and wrote its findings, but no manifest commits them: the manifest was deleted (or the run is committing right now)`,
        );
      } else incomplete.push({ runId, detail: `${at} and stopped before writing its findings (or is committing now)` });
    } else if (wroteFindings) {
      complete++;
      report(
        runDir(runId),
        'holds findings, which a run writes only after claiming its chain sequence, yet no manifest or claim names it: both were deleted',
      );
    } else incomplete.push({ runId, detail: 'stopped while collecting, before it claimed a chain sequence' });
  }

  const chainless = [...claims.values()].filter((c) => c.claim && !bySequence.has(c.sequence));
  const last = entries.at(-1)?.sequence ?? 0;
  for (const c of chainless)
    if (c.sequence > last && c.claim && !dirs.has(c.claim.runId))
      report(
        c.key,
        `run ${c.claim.runId} claimed sequence ${c.sequence} at ${c.claim.claimedAt}, but neither ${chainKey(c.sequence)} nor ${runDir(c.claim.runId)} exists: both were deleted`,
      );
  if (entries.length === 0 && (complete > 0 || chainless.length > 0))
    report(
      'chain/',
      'missing: no manifest at all, yet runs claimed chain sequences or wrote findings: the chain was deleted',
    );
  return incomplete;
}

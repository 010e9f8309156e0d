import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { EvidenceError, UsageError } from '../errors.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { sha256Hex } from '../evidence/manifest-codec.js';
import { artifactKey } from '../evidence/store-layout.js';
import type { AnyCheck } from '../model/check.js';
import { FindingSchema, type Finding } from '../model/finding.js';
import type { Manifest } from '../model/run.js';
import { SnapshotSchema, type Snapshot } from '../model/snapshot.js';
import { runChecks, type PreparedCheck } from './run-checks.js';

/** What a finding is compared on: what an auditor reads, not `observed` (context) or lifecycle (history). */
export const REPLAY_FIELDS = ['status', 'message', 'severity', 'resource'] as const;
type Field = (typeof REPLAY_FIELDS)[number];

export interface ReplayDifference {
  key: string;
  checkId: string;
  /** `changed`: both have it; `missing`: stored but not produced again; `extra`: produced but not stored. */
  kind: 'changed' | 'missing' | 'extra';
  fields: Array<{ field: Field; stored: unknown; replayed: unknown }>;
}

export interface ReplayExclusion {
  checkId: string;
  storedVersion: number;
  /** undefined: the check no longer exists. */
  currentVersion: number | undefined;
  findings: number;
}

export interface ReplayResult {
  manifest: Manifest;
  snapshots: number;
  artifactsVerified: number;
  /** Stored findings compared (those of excluded checks are not). */
  compared: number;
  differences: ReplayDifference[];
  excluded: ReplayExclusion[];
}

/** The run named by its id or its chain sequence. */
export async function findRun(store: EvidenceStore, ref: string): Promise<Manifest> {
  const runs = await store.listRuns();
  const bySequence = /^\d+$/.test(ref) ? runs.find((m) => m.sequence === Number(ref)) : undefined;
  const found = bySequence ?? runs.find((m) => m.runId === ref);
  if (!found)
    throw new UsageError(
      `assay replay: no committed run ${ref} (a run id or chain sequence; \`assay evidence list\` shows them)`,
    );
  return found;
}

/** Every artifact of the run, read and checked against the manifest's SHA-256 and size before anything is used. */
async function verifiedArtifacts(store: EvidenceStore, manifest: Manifest): Promise<Map<string, Uint8Array>> {
  const bodies = new Map<string, Uint8Array>();
  for (const a of manifest.artifacts) {
    const key = artifactKey(manifest.runId, a.path);
    const bytes = await store.readArtifact(manifest.runId, a.path).catch((err: unknown) => {
      throw new EvidenceError(`${key}: listed in the manifest but could not be read (${String(err)})`, {
        code: 'missing',
        cause: err,
      });
    });
    const sha = sha256Hex(bytes);
    if (sha !== a.sha256 || bytes.byteLength !== a.size)
      throw new EvidenceError(
        `${key}: sha256 ${sha} (${bytes.byteLength} bytes) differs from the manifest's ${a.sha256} (${a.size} bytes); the stored evidence was changed, so nothing is replayed`,
        { code: 'invalid' },
      );
    bodies.set(a.path, bytes);
  }
  return bodies;
}

const parseJson = (path: string, text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new EvidenceError(`${path}: not JSON (${String(err)})`, { code: 'invalid', cause: err });
  }
};

/** A stored `excepted` finding is a `fail` that an exception the run recorded as in force turned. */
function storedStatusBeforeExceptions(f: Finding, manifest: Manifest): Finding['status'] {
  const inForce = manifest.exceptions?.inForce ?? [];
  return f.status === 'excepted' && f.exception?.state === 'in_force' && inForce.includes(f.exception.id)
    ? 'fail'
    : f.status;
}

/**
 * Re-evaluates a stored run: verifies every artifact against its manifest, loads the run's snapshots, evaluates them
 * with the current checks at the run's own clock (`startedAt`), and compares each finding by key with what was stored.
 * Checks whose version changed since (or that no longer exist) are excluded and named. `params` gives each check's
 * parameters (the run's config, if the caller has it; else the defaults): a run stores its config's digest, not the
 * config.
 */
export async function replayRun(
  store: EvidenceStore,
  manifest: Manifest,
  checks: ReadonlyMap<string, AnyCheck>,
  params: (check: AnyCheck) => unknown = (c) => c.params.parse({}),
): Promise<ReplayResult> {
  const bodies = await verifiedArtifacts(store, manifest);
  const snapshots: Snapshot[] = [];
  for (const [path, bytes] of bodies) {
    if (!path.startsWith('snapshots/')) continue;
    const where = artifactKey(manifest.runId, path);
    const parsed = SnapshotSchema.safeParse(parseJson(where, gunzipSync(bytes).toString('utf8')));
    if (!parsed.success)
      throw new EvidenceError(`${where}: not a snapshot (${parsed.error.issues[0]?.message ?? 'invalid'})`, {
        code: 'invalid',
      });
    snapshots.push(parsed.data);
  }
  const stored = (await store.readFindingsOf(manifest)).map((line, i) => {
    const parsed = FindingSchema.safeParse(line);
    if (!parsed.success)
      throw new EvidenceError(`${artifactKey(manifest.runId, 'findings.jsonl')}: finding ${i + 1} is not a finding`, {
        code: 'invalid',
      });
    return parsed.data;
  });

  const excluded: ReplayExclusion[] = [];
  const prepared: PreparedCheck[] = [];
  const byCheck = new Map<string, Finding[]>();
  for (const f of stored) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  for (const [checkId, findings] of byCheck) {
    const check = checks.get(checkId);
    const storedVersion = findings[0]!.checkVersion;
    if (!check || findings.some((f) => f.checkVersion !== check.version)) {
      excluded.push({ checkId, storedVersion, currentVersion: check?.version, findings: findings.length });
      continue;
    }
    prepared.push({ check, params: params(check) });
  }
  const skipped = new Set(excluded.map((e) => e.checkId));
  // As the run stored them: through the finding schema and JSON, so an absent optional field compares as absent.
  const replayed = runChecks(prepared, snapshots, new Date(manifest.startedAt)).map((f) =>
    FindingSchema.parse(JSON.parse(JSON.stringify(f))),
  );

  const before = new Map(stored.filter((f) => !skipped.has(f.checkId)).map((f) => [f.key, f]));
  const after = new Map(replayed.map((f) => [f.key, f]));
  const differences: ReplayDifference[] = [];
  for (const [key, s] of before) {
    const r = after.get(key);
    if (!r) {
      differences.push({ key, checkId: s.checkId, kind: 'missing', fields: [] });
      continue;
    }
    const storedView = { ...s, status: storedStatusBeforeExceptions(s, manifest) };
    const fields = REPLAY_FIELDS.filter((field) => !isDeepStrictEqual(storedView[field], r[field])).map((field) => ({
      field,
      stored: s[field],
      replayed: r[field],
    }));
    if (fields.length > 0) differences.push({ key, checkId: s.checkId, kind: 'changed', fields });
  }
  for (const [key, r] of after)
    if (!before.has(key)) differences.push({ key, checkId: r.checkId, kind: 'extra', fields: [] });

  return {
    manifest,
    snapshots: snapshots.length,
    artifactsVerified: bodies.size,
    compared: before.size,
    differences: differences.sort((a, b) => a.key.localeCompare(b.key)),
    excluded: excluded.sort((a, b) => a.checkId.localeCompare(b.checkId)),
  };
}

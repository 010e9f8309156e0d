import { gunzipSync } from 'node:zlib';
import { EvidenceError } from '../errors.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { decodeManifest, sha256Hex } from '../evidence/manifest-codec.js';
import { artifactKey, chainKey, FINDINGS_PATH } from '../evidence/store-layout.js';
import type { RiskException } from '../model/exception.js';
import { FindingSchema, type Finding } from '../model/finding.js';
import type { Manifest } from '../model/run.js';
import { SnapshotSchema, type Snapshot } from '../model/snapshot.js';

/** One run of the period as the bundle carries it: its manifest's bytes, its findings, its exceptions register. */
export interface PeriodRun {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  manifestSha256: string;
  findings: Finding[];
  /** Each finding's line as stored, in the same order. */
  lines: string[];
  /** Stored artifacts the bundle copies as they are: findings, exceptions register. */
  copied: { path: string; bytes: Uint8Array }[];
  exceptions: RiskException[];
}

const EXCEPTIONS_PATH = 'exceptions.json';

/** An artifact's bytes, refused unless they hash to what the manifest lists. */
async function artifact(store: EvidenceStore, m: Manifest, path: string): Promise<Uint8Array | undefined> {
  const listed = m.artifacts.find((a) => a.path === path);
  if (!listed) return undefined;
  const bytes = await store.readArtifact(m.runId, path);
  if (sha256Hex(bytes) !== listed.sha256)
    throw new EvidenceError(`${artifactKey(m.runId, path)}: sha256 differs from the manifest`, { code: 'invalid' });
  return bytes;
}

function parseFindings(bytes: Uint8Array | undefined, key: string): { findings: Finding[]; lines: string[] } {
  const lines = bytes
    ? Buffer.from(bytes)
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
    : [];
  const findings = lines.map((line, i) => {
    const parsed = FindingSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new EvidenceError(`${key}: line ${i + 1} is not a valid finding`, { code: 'invalid' });
    return parsed.data;
  });
  return { findings, lines };
}

/**
 * The committed runs that started within [from, to], widened to a contiguous stretch of the chain (runs that overlap
 * can commit out of start order), so each manifest in the bundle links to the one before it.
 */
export async function readPeriodRuns(store: EvidenceStore, from: Date, to: Date): Promise<PeriodRun[]> {
  const all = await store.listRuns();
  const inPeriod = all.filter((m) => {
    const t = Date.parse(m.startedAt);
    return t >= from.getTime() && t <= to.getTime();
  });
  if (inPeriod.length === 0) return [];
  const first = inPeriod[0]!.sequence;
  const last = inPeriod.at(-1)!.sequence;
  const out: PeriodRun[] = [];
  for (const m of all.filter((r) => r.sequence >= first && r.sequence <= last)) {
    const key = chainKey(m.sequence);
    const manifestBytes = await store.blobs.get(key);
    const manifest = decodeManifest(manifestBytes, key);
    const findingsBytes = await artifact(store, manifest, FINDINGS_PATH);
    const exceptionsBytes = await artifact(store, manifest, EXCEPTIONS_PATH);
    const register = exceptionsBytes
      ? ((JSON.parse(Buffer.from(exceptionsBytes).toString('utf8')) as { entries?: RiskException[] }).entries ?? [])
      : [];
    out.push({
      manifest,
      manifestBytes,
      manifestSha256: sha256Hex(manifestBytes),
      ...parseFindings(findingsBytes, artifactKey(manifest.runId, FINDINGS_PATH)),
      copied: [
        ...(findingsBytes ? [{ path: FINDINGS_PATH, bytes: findingsBytes }] : []),
        ...(exceptionsBytes ? [{ path: EXCEPTIONS_PATH, bytes: exceptionsBytes }] : []),
      ],
      exceptions: register,
    });
  }
  return out;
}

export interface StoredSnapshot {
  path: string;
  sha256: string;
  snapshot: Snapshot;
}

/** A run's snapshots, each checked against the manifest's hash. */
export async function readSnapshots(store: EvidenceStore, m: Manifest): Promise<StoredSnapshot[]> {
  const out: StoredSnapshot[] = [];
  for (const a of m.artifacts.filter((x) => x.path.startsWith('snapshots/'))) {
    const bytes = await artifact(store, m, a.path);
    if (!bytes) continue;
    const parsed = SnapshotSchema.safeParse(JSON.parse(gunzipSync(bytes).toString('utf8')));
    if (!parsed.success)
      throw new EvidenceError(`${artifactKey(m.runId, a.path)}: not a valid snapshot`, { code: 'invalid' });
    out.push({ path: a.path, sha256: a.sha256, snapshot: parsed.data });
  }
  return out;
}

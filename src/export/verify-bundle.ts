import { unzipSync } from 'fflate';
import { inspectManifest, sha256Hex } from '../evidence/manifest-codec.js';
import type { Manifest } from '../model/run.js';
import {
  BUNDLE_MANIFEST_PATH,
  BundleManifestSchema,
  bundlePaths,
  CHAIN_PATH,
  RECORD_PATH,
  RUN_ARTIFACT_PATH,
  type BundleManifest,
} from './bundle-manifest.js';

export interface BundleProblem {
  /** The file in the bundle at fault. */
  path: string;
  problem: string;
}

export interface BundleVerification {
  ok: boolean;
  problems: BundleProblem[];
  files: number;
  runs: number;
  /** SHA-256 of `bundle-manifest.json`, and of the last run manifest (to compare with the store's head). */
  manifestSha256?: string;
  headSha256?: string;
}

const utf8 = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** Each line parsed; a line that is not JSON is `undefined` (and matches nothing). */
const jsonLines = (b: Uint8Array): unknown[] =>
  utf8(b)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return undefined;
      }
    });

function unzip(zip: Uint8Array): Record<string, Uint8Array> | string {
  try {
    return unzipSync(zip);
  } catch (e) {
    return `not a readable zip archive: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function readBundleManifest(bytes: Uint8Array | undefined): BundleManifest | string {
  if (!bytes) return 'missing: the bundle has no manifest';
  let raw: unknown;
  try {
    raw = JSON.parse(utf8(bytes));
  } catch {
    return 'not valid JSON';
  }
  const parsed = BundleManifestSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return `not a bundle manifest at ${issue.path.join('.') || '(top level)'}: ${issue.message}`;
}

/** Each run manifest on its own (digest, canonical bytes), then each linking to the one before it. */
function checkChain(
  files: Record<string, Uint8Array>,
  bm: BundleManifest,
  report: (p: string, m: string) => void,
): Map<string, Manifest> {
  const byRun = new Map<string, Manifest>();
  let before: { sequence: number; sha256: string } | undefined;
  for (const run of bm.runs) {
    const path = bundlePaths.manifest(run.sequence);
    const bytes = files[path];
    if (!bytes) {
      report(path, `missing: run #${run.sequence} ${run.runId} is listed in ${BUNDLE_MANIFEST_PATH}`);
      before = undefined;
      continue;
    }
    const sha256 = sha256Hex(bytes);
    if (sha256 !== run.manifestSha256) report(path, `sha256 differs from the run listed in ${BUNDLE_MANIFEST_PATH}`);
    const inspection = inspectManifest(bytes);
    if (!inspection.ok) report(path, inspection.problem);
    else {
      const m = inspection.manifest;
      if (m.sequence !== run.sequence || m.runId !== run.runId)
        report(path, `holds run #${m.sequence} ${m.runId}, not #${run.sequence} ${run.runId}`);
      if (before && (m.previous?.sequence !== before.sequence || m.previous.manifestSha256 !== before.sha256))
        report(
          path,
          `does not link to chain/${String(before.sequence).padStart(8, '0')}.json (previous sha256 differs)`,
        );
      byRun.set(m.runId, m);
    }
    before = { sequence: run.sequence, sha256 };
  }
  return byRun;
}

/**
 * Checks a bundle offline: every file against `bundle-manifest.json` (none changed, missing or unlisted), the run
 * manifests' digests and links, each run file and anchored record against its manifest, and each control's findings
 * against its run's findings. Reports problems rather than throwing.
 */
export function verifyBundle(zip: Uint8Array): BundleVerification {
  const problems: BundleProblem[] = [];
  const report = (path: string, problem: string) => problems.push({ path, problem });
  const files = unzip(zip);
  if (typeof files === 'string')
    return { ok: false, problems: [{ path: '(bundle)', problem: files }], files: 0, runs: 0 };
  const bm = readBundleManifest(files[BUNDLE_MANIFEST_PATH]);
  if (typeof bm === 'string')
    return { ok: false, problems: [{ path: BUNDLE_MANIFEST_PATH, problem: bm }], files: 0, runs: 0 };

  const listed = new Map(bm.files.map((f) => [f.path, f]));
  for (const f of bm.files) {
    const bytes = files[f.path];
    if (!bytes) report(f.path, `missing: listed in ${BUNDLE_MANIFEST_PATH}`);
    else if (sha256Hex(bytes) !== f.sha256 || bytes.byteLength !== f.size)
      report(f.path, `sha256 differs from ${BUNDLE_MANIFEST_PATH}: the file was changed`);
  }
  for (const path of Object.keys(files))
    if (path !== BUNDLE_MANIFEST_PATH && !listed.has(path) && !path.endsWith('/'))
      report(path, `not listed in ${BUNDLE_MANIFEST_PATH}: added after the bundle was made`);

  const manifests = checkChain(files, bm, report);
  const runLines = new Map<string, Set<string>>();
  const anchored = new Map<number, string>();
  for (const m of manifests.values()) for (const e of m.records?.entries ?? []) anchored.set(e.seq, e.sha256);
  const sequences = new Set(bm.runs.map((r) => r.sequence));
  for (const [path, bytes] of Object.entries(files)) {
    const chain = CHAIN_PATH.exec(path);
    if (chain && !sequences.has(Number(chain[1])))
      report(path, `a manifest of no run listed in ${BUNDLE_MANIFEST_PATH}`);
    const artifact = RUN_ARTIFACT_PATH.exec(path);
    if (artifact) {
      const [, runId, inner] = artifact as unknown as [string, string, string];
      const listedIn = manifests.get(runId)?.artifacts.find((a) => a.path === inner);
      if (!listedIn) report(path, `not an artifact of any run manifest in the bundle`);
      else if (listedIn.sha256 !== sha256Hex(bytes)) report(path, `sha256 differs from run ${runId}'s manifest`);
      if (inner === 'findings.jsonl') runLines.set(runId, new Set(jsonLines(bytes).map((l) => JSON.stringify(l))));
    }
    const record = RECORD_PATH.exec(path);
    const seq = record ? Number(record[1]) : undefined;
    if (seq !== undefined && anchored.has(seq) && anchored.get(seq) !== sha256Hex(bytes))
      report(path, `sha256 differs from the run manifest that anchors record ${seq}`);
  }
  for (const path of Object.keys(files).filter((p) => /^controls\/[^/]+\/findings\.jsonl$/.test(p))) {
    jsonLines(files[path]!).forEach((line, i) => {
      const { run, finding } = (line ?? {}) as { run?: string; finding?: unknown };
      if (run === undefined || !runLines.get(run)?.has(JSON.stringify(finding)))
        report(path, `line ${i + 1}: not a finding of run ${String(run)} as its findings.jsonl stores it`);
    });
  }
  const last = bm.runs.at(-1);
  return {
    ok: problems.length === 0,
    problems,
    files: bm.files.length,
    runs: bm.runs.length,
    manifestSha256: sha256Hex(files[BUNDLE_MANIFEST_PATH]!),
    ...(last ? { headSha256: last.manifestSha256 } : {}),
  };
}

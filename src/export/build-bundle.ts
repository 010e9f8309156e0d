import { zipSync, type Zippable } from 'fflate';
import { sha256Hex } from '../evidence/manifest-codec.js';
import { BUNDLE_INDEX_PATH, BUNDLE_MANIFEST_PATH, bundlePaths, type BundleManifest } from './bundle-manifest.js';
import { renderBundleIndex } from './bundle-index.js';
import type { BundleData } from './collect-bundle.js';
import type { BundleCheck } from './control-evidence.js';

const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** Every file of the bundle but its manifest, by path. */
export function bundleFiles(
  data: BundleData,
  checks: readonly BundleCheck[],
  meta: { generatedAt: Date; toolVersion: string },
): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  files.set(BUNDLE_INDEX_PATH, text(renderBundleIndex(data, checks, meta)));
  for (const run of data.runs) {
    files.set(bundlePaths.manifest(run.manifest.sequence), run.manifestBytes);
    for (const a of run.copied) files.set(bundlePaths.runArtifact(run.manifest.runId, a.path), a.bytes);
  }
  for (const c of data.controls) {
    const dir = bundlePaths.controlDir(c.annexA);
    // Each line carries the finding exactly as its run stored it, so verify can find it in the run's findings.jsonl.
    const lines = c.occurrences.map(
      (o) => `{"run":${JSON.stringify(o.runId)},"sequence":${o.sequence},"finding":${o.line}}\n`,
    );
    files.set(`${dir}findings.jsonl`, text(lines.join('')));
    files.set(`${dir}excerpts.json`, text(`${JSON.stringify(c.excerpts, null, 2)}\n`));
  }
  for (const a of data.attestations) {
    files.set(bundlePaths.record(a.record.seq), a.bytes);
    for (const f of a.files) files.set(bundlePaths.recordFile(a.record.seq, f.name), f.bytes);
  }
  return files;
}

/** The bundle as a zip: its files and `bundle-manifest.json` listing the SHA-256 of each. */
export function buildBundle(
  data: BundleData,
  checks: readonly BundleCheck[],
  meta: { generatedAt: Date; toolVersion: string },
): { zip: Uint8Array; manifest: BundleManifest; manifestSha256: string } {
  const files = bundleFiles(data, checks, meta);
  const r = data.request;
  const manifest: BundleManifest = {
    format: 'assay-evidence-bundle',
    version: 1,
    generatedAt: meta.generatedAt.toISOString(),
    tool: { name: 'assay', version: meta.toolVersion },
    framework: r.framework,
    control: r.control ?? null,
    period: { from: r.from.toISOString(), to: r.to.toISOString() },
    sample: r.sample ?? null,
    runs: data.runs.map((x) => ({
      sequence: x.manifest.sequence,
      runId: x.manifest.runId,
      manifestSha256: x.manifestSha256,
    })),
    files: [...files].map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), size: bytes.byteLength })),
  };
  const manifestBytes = text(`${JSON.stringify(manifest, null, 2)}\n`);
  // A fixed time in every entry: the same bundle built twice is the same bytes.
  const mtime = meta.generatedAt;
  const entries: Zippable = {};
  for (const [p, b] of [[BUNDLE_MANIFEST_PATH, manifestBytes] as const, ...files]) entries[p] = [b, { mtime }];
  return { zip: zipSync(entries, { level: 6 }), manifest, manifestSha256: sha256Hex(manifestBytes) };
}

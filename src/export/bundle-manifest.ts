import { z } from 'zod';
import { FrameworkSchema } from '../model/control.js';

export const BUNDLE_MANIFEST_PATH = 'bundle-manifest.json';
export const BUNDLE_INDEX_PATH = 'index.html';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** A bundle's table of contents: what it covers, the runs it proves, and the SHA-256 of every other file in it. */
export const BundleManifestSchema = z.object({
  format: z.literal('assay-evidence-bundle'),
  version: z.literal(1),
  generatedAt: z.iso.datetime(),
  tool: z.object({ name: z.literal('assay'), version: z.string() }),
  framework: FrameworkSchema,
  /** The one control asked for (`8.5`, `A.6.2.6`), or null for the whole Annex A. */
  control: z.string().nullable(),
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  sample: z.object({ n: z.number().int().positive(), seed: z.string() }).nullable(),
  /** The runs of the period, in chain order; each manifest is in the bundle at `chain/<sequence>.json`. */
  runs: z.array(z.object({ sequence: z.number().int().positive(), runId: z.string(), manifestSha256: sha256 })),
  files: z.array(z.object({ path: z.string(), sha256, size: z.number().int().nonnegative() })),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/** Paths inside a bundle. The chain keeps the store's names, so a manifest is found where `verify` would look. */
export const bundlePaths = {
  manifest: (sequence: number): string => `chain/${String(sequence).padStart(8, '0')}.json`,
  runArtifact: (runId: string, path: string): string => `runs/${runId}/${path}`,
  controlDir: (annexA: string): string => `controls/${annexA}/`,
  record: (seq: number): string => `attestations/records/${String(seq).padStart(10, '0')}.json`,
  recordFile: (seq: number, name: string): string =>
    `attestations/files/${String(seq).padStart(10, '0')}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`,
};

export const CHAIN_PATH = /^chain\/(\d{8})\.json$/;
export const RUN_ARTIFACT_PATH = /^runs\/([^/]+)\/(.+)$/;
export const RECORD_PATH = /^attestations\/records\/(\d{10})\.json$/;

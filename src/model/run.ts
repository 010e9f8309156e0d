import { z } from 'zod';
import { ExceptionsRecordSchema } from './exception.js';

export const ArtifactSchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const CollectorRunSchema = z.object({
  collector: z.string(),
  scopes: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  failedOperations: z.array(z.string()),
  durationMs: z.number().nonnegative(),
  timedOut: z.boolean(),
  /**
   * Where incremental reads stand, by scope key then cursor name (e.g. the end of the CloudTrail event window read).
   * A cursor moves only when its read succeeded, so a failed run never leaves a gap for the next one.
   */
  cursors: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});
export type CollectorRun = z.infer<typeof CollectorRunSchema>;

const count = z.number().int().nonnegative();

/** Findings per status; `excepted` is absent from runs stored before exceptions existed. */
export const RunSummarySchema = z.object({
  pass: count,
  fail: count,
  error: count,
  not_applicable: count,
  excepted: count.optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** The manifest: the run's table of contents and its link in the evidence chain. */
export const ManifestSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  sequence: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  /** When the run claimed its sequence (`claims/<sequence>.json` says the same); absent where it took one over. */
  claimedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime(),
  tool: z.object({ name: z.literal('assay'), version: z.string() }),
  configDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  previous: z
    .object({ sequence: z.number().int().positive(), runId: z.string(), manifestSha256: z.string() })
    .nullable(),
  collectors: z.array(CollectorRunSchema),
  summary: RunSummarySchema,
  /** The exceptions register the run applied, and which entries were in force, expired or stale. */
  exceptions: ExceptionsRecordSchema.optional(),
  artifacts: z.array(ArtifactSchema),
  /** SHA-256 of this manifest serialized without this field. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Manifest = z.infer<typeof ManifestSchema>;

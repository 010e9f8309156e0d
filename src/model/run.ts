import { z } from 'zod';
import { ExceptionsRecordSchema } from './exception.js';
import { RecordAnchorSchema } from './record.js';

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

/** What became of one alert message or ticket change the run sent (src/alerts, src/tickets); never fails the run. */
export const DeliverySchema = z.object({
  kind: z.enum(['alert', 'ticket']),
  /** The alert route's name, or the ticket kind/rule. */
  route: z.string(),
  /** slack, teams, google-chat, webhook; linear, jira, github. */
  channel: z.string(),
  status: z.enum(['delivered', 'failed', 'deferred']),
  attempts: count,
  httpStatus: z.number().int().optional(),
  error: z.string().optional(),
  /** Alert: the changes it carried. Ticket: the finding (or person) key and what was done. */
  findings: count.optional(),
  idempotencyKey: z.string().optional(),
  ticket: z
    .object({ key: z.string(), action: z.string(), id: z.string().optional(), url: z.string().optional() })
    .optional(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

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
  /** The records (attestations, decisions, ticket links) written since the previous manifest, with their hashes. */
  records: RecordAnchorSchema.optional(),
  /** `event`: a near-real-time run of one EventBridge event (src/events); absent: a scheduled run. */
  mode: z.enum(['scheduled', 'event']).optional(),
  /** Alerts and ticket changes sent at commit, and how each went. */
  deliveries: z.array(DeliverySchema).optional(),
  /**
   * Where the run was stored, and whether that storage refuses deletion (an S3 bucket with Object Lock and
   * versioning); `locked: false` is a local store or a bucket accepted with `evidence.allowUnlocked`.
   */
  store: z.object({ location: z.string(), locked: z.boolean() }).optional(),
  artifacts: z.array(ArtifactSchema),
  /** SHA-256 of this manifest serialized without this field. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Manifest = z.infer<typeof ManifestSchema>;

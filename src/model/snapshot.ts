import { z } from 'zod';
import { ScopeSchema } from './scope.js';

/** One logical API operation as the collector performed it (paging and retries included in `requests`). */
export const ApiCallSchema = z.object({
  operation: z.string(),
  dataset: z.string(),
  ok: z.boolean(),
  requests: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  status: z.number().int().optional(),
  error: z.string().optional(),
});
export type ApiCall = z.infer<typeof ApiCallSchema>;

/**
 * Why a dataset is absent. `error`: the call failed or was refused, so checks needing it report `error`.
 * `not_applicable`: the source lacks the feature (e.g. a plan without secret scanning).
 */
export const MissingDatasetSchema = z.object({
  kind: z.enum(['error', 'not_applicable']),
  operation: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
});
export type MissingDataset = z.infer<typeof MissingDatasetSchema>;

export const SnapshotSchema = z.object({
  schemaVersion: z.literal(1),
  collector: z.string(),
  source: z.string(),
  scope: ScopeSchema,
  startedAt: z.iso.datetime(),
  collectedAt: z.iso.datetime(),
  calls: z.array(ApiCallSchema),
  data: z.record(z.string(), z.unknown()),
  missing: z.record(z.string(), MissingDatasetSchema),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const requestCount = (s: Snapshot): number => s.calls.reduce((n, c) => n + c.requests, 0);

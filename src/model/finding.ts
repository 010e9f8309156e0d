import { z } from 'zod';
import { SeveritySchema } from './severity.js';
import { ScopeSchema } from './scope.js';

export const STATUSES = ['pass', 'fail', 'error', 'not_applicable'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

export const ResourceSchema = z.object({
  type: z.string(),
  id: z.string(),
  name: z.string().optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

/** Where a finding stands against the previous run: filled by the history step. */
export const LifecycleSchema = z.enum(['new', 'still_failing', 'resolved', 'unchanged']);
export type Lifecycle = z.infer<typeof LifecycleSchema>;

export const FindingSchema = z.object({
  /** Stable across runs: check id, scope and resource id. */
  key: z.string(),
  checkId: z.string(),
  checkVersion: z.number().int().positive(),
  title: z.string(),
  status: StatusSchema,
  severity: SeveritySchema,
  scope: ScopeSchema,
  resource: ResourceSchema,
  message: z.string(),
  observed: z.record(z.string(), z.unknown()),
  controls: z.array(z.string()),
  lifecycle: LifecycleSchema.optional(),
  firstSeen: z.iso.datetime().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const findingKey = (checkId: string, scopeKey: string, resourceId: string): string =>
  `${checkId}|${scopeKey}|${resourceId}`;

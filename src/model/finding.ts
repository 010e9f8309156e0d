import { z } from 'zod';
import { SeveritySchema } from './severity.js';
import { ScopeSchema } from './scope.js';

/** What a check can say about a resource. */
export const STATUSES = ['pass', 'fail', 'error', 'not_applicable'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

/** A finding's status: a check's, or `excepted`, a failure under an approved exception (never counted as a pass). */
export const FINDING_STATUSES = [...STATUSES, 'excepted'] as const;
export const FindingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof FindingStatusSchema>;

/** The exception that decided a finding: in force (the finding is `excepted`) or expired (it fails again). */
export const FindingExceptionSchema = z.object({
  id: z.string(),
  state: z.enum(['in_force', 'expired']),
  approvedBy: z.string(),
  expires: z.iso.date(),
  ticket: z.string(),
});
export type FindingException = z.infer<typeof FindingExceptionSchema>;

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
  status: FindingStatusSchema,
  severity: SeveritySchema,
  scope: ScopeSchema,
  resource: ResourceSchema,
  message: z.string(),
  observed: z.record(z.string(), z.unknown()),
  controls: z.array(z.string()),
  lifecycle: LifecycleSchema.optional(),
  firstSeen: z.iso.datetime().optional(),
  exception: FindingExceptionSchema.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const findingKey = (checkId: string, scopeKey: string, resourceId: string): string =>
  `${checkId}|${scopeKey}|${resourceId}`;

import { z } from 'zod';

/**
 * One accepted risk: a failing check on a resource (exact id or a `*` glob), approved by a named approver, with a
 * justification, a ticket and an expiry at most one year after approval. While in force, a matching failure becomes
 * `excepted` (counted on its own, never as a pass); once expired, the failure is a failure again.
 */
export const RiskExceptionSchema = z
  .object({
    /** Short, unique, stable: it names the exception in findings, reports and alerts. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a short id of letters, digits, . _ -'),
    check: z.string().min(1),
    /** The finding's resource id, or a glob where `*` stands for any run of characters. */
    resource: z.string().min(1),
    /** Limits the exception to one organization, account or customer id; unset: any scope. */
    scope: z.string().min(1).optional(),
    justification: z.string().min(10, 'expected a justification of at least 10 characters'),
    approvedBy: z.email(),
    approvedOn: z.iso.date(),
    /** The last day the exception is in force. */
    expires: z.iso.date(),
    ticket: z.url(),
  })
  .strict();
export type RiskException = z.infer<typeof RiskExceptionSchema>;

/** Where a register entry came from: the exceptions file, or a proposal and its approval among the console's records. */
export type ExceptionSource =
  { kind: 'file'; file: string } | { kind: 'console'; proposal: number; approval: number; proposedBy: string };

/** An entry of the register a run applies; `ticket` is empty for a console exception proposed without one. */
export type RegisterEntry = RiskException & { source?: ExceptionSource };

export const ExceptionsFileSchema = z
  .object({
    version: z.literal(1),
    exceptions: z.array(RiskExceptionSchema).default([]),
  })
  .strict();

/** What a run records about the exceptions register: which were in force, expired, or matched nothing. */
export const ExceptionsRecordSchema = z.object({
  file: z.string(),
  sha256: z.string(),
  inForce: z.array(z.string()),
  expired: z.array(z.string()),
  /** In force but matching no failing finding: the risk may be gone, or the entry is wrong. */
  stale: z.array(z.string()),
});
export type ExceptionsRecord = z.infer<typeof ExceptionsRecordSchema>;

import { z } from 'zod';

/**
 * One API call about one resource that failed (a bucket policy that denies the auditor, a trail in a region that is
 * switched off). Kept in place of the value so the checks report `error` for that resource alone, naming the call.
 */
export const CallFailureSchema = z.object({
  operation: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
});
export type CallFailure = z.infer<typeof CallFailureSchema>;

export const FailedSchema = z.object({ failed: CallFailureSchema });
export type Failed = z.infer<typeof FailedSchema>;

/** The value `schema` describes, or the failure of the call that should have produced it. */
export const orFailed = <T extends z.ZodType>(schema: T) => z.union([FailedSchema, schema]);

export const isFailed = (v: unknown): v is Failed => typeof v === 'object' && v !== null && 'failed' in v;

/** `s3:GetBucketPolicyStatus failed (AccessDenied: …)`: for `error` results. */
export const describeFailure = (f: CallFailure): string => `${f.operation} failed (${f.message.replace(/\.$/, '')})`;

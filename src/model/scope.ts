import { z } from 'zod';

/** What one snapshot describes: one GitHub organization, one AWS account, one Workspace customer. */
export const ScopeSchema = z.object({
  kind: z.enum(['github-org', 'aws-account', 'google-customer', 'global']),
  id: z.string().min(1),
  name: z.string().optional(),
});
export type Scope = z.infer<typeof ScopeSchema>;

export const scopeKey = (s: Scope): string => `${s.kind}:${s.id}`;

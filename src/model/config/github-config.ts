import { z } from 'zod';
import { SecretRefSchema } from './secret-ref.js';

export const GithubSourceConfigSchema = z
  .object({
    /** `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
    baseUrl: z.url().default('https://api.github.com'),
    auth: z
      .object({
        /** A classic token with `read:org`, or a fine-grained token with organization Members: read. */
        token: SecretRefSchema,
      })
      .strict(),
    orgs: z.array(z.string().min(1)).min(1),
    /** Per HTTP request; a request that hangs longer is aborted and retried. */
    requestTimeoutSeconds: z.number().positive().default(30),
    /** Retries for 5xx and network errors (rate limits are always waited out). */
    retries: z.number().int().min(0).max(10).default(3),
  })
  .strict();
export type GithubSourceConfig = z.infer<typeof GithubSourceConfigSchema>;

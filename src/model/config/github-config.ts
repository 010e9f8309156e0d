import { z } from 'zod';
import { SecretRefSchema } from './secret-ref.js';

/**
 * A GitHub App installed on each organization (read-only permissions). Installation tokens expire after an hour
 * and are never stored; the app's private key is read from the environment when the client starts.
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation
 */
export const GithubAppAuthSchema = z
  .object({
    appId: z.number().int().positive(),
    /** The app's private key, PEM (newlines may be written as `\n`). */
    privateKey: SecretRefSchema,
    /** Installation id per organization; an organization not listed is looked up with `GET /orgs/{org}/installation`. */
    installationIds: z.record(z.string().min(1), z.number().int().positive()).default({}),
  })
  .strict();
export type GithubAppAuth = z.infer<typeof GithubAppAuthSchema>;

export const GithubAuthSchema = z
  .object({
    /**
     * A classic token (`read:org`, `repo`, `security_events`) or a fine-grained token with the read permissions
     * listed by `assay permissions github`.
     */
    token: SecretRefSchema.optional(),
    app: GithubAppAuthSchema.optional(),
  })
  .strict()
  .refine((a) => (a.token === undefined) !== (a.app === undefined), {
    error: 'expected exactly one of token (a personal access token) or app (a GitHub App installation)',
  });
export type GithubAuth = z.infer<typeof GithubAuthSchema>;

export const GithubSourceConfigSchema = z
  .object({
    /** `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
    baseUrl: z.url().default('https://api.github.com'),
    auth: GithubAuthSchema,
    orgs: z.array(z.string().min(1)).min(1),
    /**
     * The enterprise's slug when SAML single sign-on is set on the enterprise rather than on each organization: an
     * organization without a provider of its own then links members through the enterprise's identities (an
     * enterprise owner's token with `read:enterprise`).
     */
    enterprise: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'expected an enterprise slug (letters, digits and hyphens)')
      .optional(),
    /** Per HTTP request; a request that hangs longer is aborted and retried. */
    requestTimeoutSeconds: z.number().positive().default(30),
    /** Retries for 5xx and network errors (rate limits are always waited out). */
    retries: z.number().int().min(0).max(10).default(3),
    /** How far back the first run reads merged pull requests; later runs read from where the previous one ended. */
    pullRequestLookbackDays: z.number().int().positive().max(366).default(30),
  })
  .strict();
export type GithubSourceConfig = z.infer<typeof GithubSourceConfigSchema>;

import { z } from 'zod';
import { SecretRefSchema } from './secret-ref.js';

const EmailSchema = z.email('expected an email address such as admin@example.com').transform((e) => e.toLowerCase());

/**
 * How assay obtains a token for the Admin SDK. Domain-wide delegation always impersonates `subject`, an admin of the
 * customer; the service account's client id must be authorised for the four read-only scopes in the Admin console.
 */
const GoogleAuthSchema = z
  .object({
    /** The admin user assay impersonates (domain-wide delegation). */
    subject: EmailSchema,
    /** The service account's JSON key, held in an environment variable (never in this file). */
    serviceAccountKey: SecretRefSchema.optional(),
    /**
     * Application Default Credentials instead of a key: an external-account (workload identity federation) file, a
     * service-account key file, or the metadata server. Without a key file, assay signs the delegation JWT with
     * iamcredentials signJwt as `serviceAccount` (the caller needs roles/iam.serviceAccountTokenCreator on it).
     */
    applicationDefault: z
      .object({
        /** Path of the ADC file (absolute, or relative to the working directory); unset: the standard ADC search. */
        credentialsFile: z.string().min(1).optional(),
        /** Email of the service account authorised for domain-wide delegation; required unless the file is a key. */
        serviceAccount: z
          .email('expected the service account email, e.g. assay@project.iam.gserviceaccount.com')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((a) => (a.serviceAccountKey === undefined) !== (a.applicationDefault === undefined), {
    error: 'expected exactly one of serviceAccountKey ({ env: NAME } holding the JSON key) or applicationDefault',
  });
export type GoogleAuthConfig = z.infer<typeof GoogleAuthSchema>;

export const GoogleSourceConfigSchema = z
  .object({
    /** `my_customer` (the customer of the impersonated admin) or a customer id such as C01abc234. */
    customer: z.string().min(1).default('my_customer'),
    /** Primary domain: names the scope in findings and evidence (all users of the customer are read). */
    domain: z.string().min(1).optional(),
    auth: GoogleAuthSchema,
    /** Accounts the executive check covers: members of these groups (nested too), these users, these org units. */
    executives: z
      .object({
        groups: z.array(EmailSchema).default([]),
        emails: z.array(EmailSchema).default([]),
        /** Org unit paths such as /Leadership; sub-units included. */
        orgUnits: z
          .array(z.string().regex(/^\//, 'expected an org unit path starting with /, e.g. /Leadership'))
          .default([]),
      })
      .strict()
      .default({ groups: [], emails: [], orgUnits: [] }),
    /** Emergency super admins: not counted against the super admin maximum, never flagged as inactive, still need 2SV. */
    breakGlassAccounts: z.array(EmailSchema).default([]),
    /**
     * Days of OAuth grant events (Reports API `token` authorize / revoke) read for third-party app access without the
     * token inventory. Google keeps 180; a grant made before the window is not visible.
     */
    lookbackDays: z.number().int().min(1).max(180).default(180),
    /**
     * Every current grant instead of recent ones: `directory.tokens.list` of every user once, then kept current from
     * token events. Needs the admin.directory.user.security scope, which can also revoke tokens: off unless enabled.
     */
    tokenInventory: z
      .object({
        enabled: z.boolean().default(false),
        /** tokens.list requests in flight at once during the bootstrap. */
        concurrency: z.number().int().min(1).max(20).default(4),
        /** At most this many tokens.list requests a minute (Directory API quota is per minute). */
        requestsPerMinute: z.number().int().min(1).max(6000).default(1200),
      })
      .strict()
      .default({ enabled: false, concurrency: 4, requestsPerMinute: 1200 }),
    /** Days of admin user events (suspend, delete, archive) kept as offboarding evidence. */
    adminEventsLookbackDays: z.number().int().min(1).max(180).default(180),
    /** Admin SDK root URL (a test server); unset: https://admin.googleapis.com/. Only the origin is used. */
    rootUrl: z.url().optional(),
    /** OAuth token endpoint (a test server); unset: https://oauth2.googleapis.com/token. */
    tokenUrl: z.url().optional(),
    /** Per HTTP request; a request that hangs longer is aborted and retried. */
    requestTimeoutSeconds: z.number().positive().default(30),
    /** Retries of one request after 429, 5xx, 403 rate-limit reasons or a network error, with exponential backoff. */
    retries: z.number().int().min(0).max(10).default(5),
  })
  .strict();
export type GoogleSourceConfig = z.infer<typeof GoogleSourceConfigSchema>;

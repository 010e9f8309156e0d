import { z } from 'zod';
import { GithubSourceConfigSchema } from '../model/config/github-config.js';
import { AwsSourceConfigSchema } from '../model/config/aws-config.js';
import { GoogleSourceConfigSchema } from '../model/config/google-config.js';
import { AttestationsConfigSchema } from '../model/config/attestations-config.js';
import { ConsoleConfigSchema } from '../model/config/console-config.js';
import { NO_EXECUTIVES, PeopleConfigSchema } from '../model/config/people-config.js';
import { AlertsConfigSchema } from '../model/config/alerts-config.js';
import { TicketsConfigSchema } from '../model/config/tickets-config.js';

/** What `log.level` and ASSAY_LOG_LEVEL accept. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const S3_ONLY = ['bucket', 'prefix', 'region', 'kmsKeyId', 'allowUnlocked', 'retentionDays', 'endpoint'] as const;

export const EvidenceConfigSchema = z
  .object({
    /** `local`: a directory; `s3`: a bucket with Object Lock and versioning (see README, Evidence store). */
    store: z.enum(['local', 's3']).default('local'),
    /** Directory of the local evidence store, relative to the config file. */
    path: z.string().min(1).default('./evidence'),
    /** A run that claimed its chain sequence this long ago without committing died; the next run takes over. */
    staleClaimSeconds: z.number().positive().default(300),
    /** A run lock this old belongs to a run that died; default: twice run.collectorTimeoutSeconds. */
    lockStaleSeconds: z.number().positive().optional(),
    /** S3: the bucket, created with Object Lock (which turns versioning on). */
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
      .optional(),
    /** S3: key prefix of the store inside the bucket, '' or ending with '/'. */
    prefix: z
      .string()
      .regex(/^(?:[^/].*\/)?$/, "expected '' or a key prefix ending with '/', e.g. assay/")
      .optional(),
    /** S3: the bucket's region; default: the AWS SDK's (AWS_REGION, the profile). */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region, e.g. eu-west-1')
      .optional(),
    /** S3: SSE-KMS with this key (id, ARN or alias); unset: the bucket's default encryption. */
    kmsKeyId: z.string().min(1).optional(),
    /** S3: accept a bucket without Object Lock or versioning; every manifest then records `store.locked: false`. */
    allowUnlocked: z.boolean().optional(),
    /** S3: COMPLIANCE retention per object for this many days, on top of the bucket's default retention. */
    retentionDays: z.number().int().positive().optional(),
    /** S3: another endpoint (path-style), e.g. the simulator's. */
    endpoint: z.url().optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.store === 's3' && e.bucket === undefined)
      ctx.addIssue({ code: 'custom', path: ['bucket'], message: 'expected the bucket name when store is s3' });
    if (e.store === 'local')
      for (const key of S3_ONLY)
        if (e[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `only for store: s3 (this store is local)` });
  });

export const CheckConfigSchema = z
  .object({ enabled: z.boolean().optional() })
  .catchall(z.unknown())
  .describe("enabled: false turns a check off; other keys are the check's parameters (see `assay checks`).");

/** Executives were a Workspace setting; they are declared once now, for every system. */
const MOVED_EXECUTIVES =
  'moved: executives are declared once for every system under people.executives (groups, emails, orgUnits)';

export const ConfigSchema = z
  .object({
    version: z.literal(1),
    evidence: EvidenceConfigSchema.default({ store: 'local', path: './evidence', staleClaimSeconds: 300 }),
    run: z
      .object({
        /** Collectors running at once. */
        concurrency: z.number().int().min(1).max(32).default(4),
        /** A collector still running after this long is stopped; what it collected is kept. */
        collectorTimeoutSeconds: z.number().positive().default(600),
      })
      .strict()
      .default({ concurrency: 4, collectorTimeoutSeconds: 600 }),
    log: z
      .object({ level: z.enum(LOG_LEVELS).default('info') })
      .strict()
      .default({ level: 'info' }),
    sources: z
      .object({
        github: GithubSourceConfigSchema.optional(),
        aws: AwsSourceConfigSchema.optional(),
        google: GoogleSourceConfigSchema.extend({
          executives: z.custom<never>(() => false, { error: MOVED_EXECUTIVES }).optional(),
        }).optional(),
      })
      .strict()
      .refine(
        (s) => Object.values(s).some((v: unknown) => v !== undefined),
        'expected at least one source (github, aws or google)',
      ),
    checks: z.record(z.string(), CheckConfigSchema).default({}),
    exceptions: z
      .object({
        /** The exceptions register (YAML), relative to this file; `assay exceptions schema` prints its JSON Schema. */
        file: z.string().min(1).optional(),
        /** Who may approve an exception; an entry approved by anyone else is refused. */
        approvers: z.array(z.email()).default([]),
      })
      .strict()
      .optional(),
    /** Alerts on changes (new, regressed, resolved, exception expired), routed to Slack, Teams, Google Chat, webhooks. */
    alerts: AlertsConfigSchema.optional(),
    /** Tickets (Linear, Jira, GitHub Issues) for critical findings, break-glass use and offboarding left undone. */
    tickets: TicketsConfigSchema.optional(),
    /** People across systems: executives, service accounts, account links, the offboarding SLA. */
    people: PeopleConfigSchema.optional(),
    /** Evidence no API shows: kinds' periods, who may attest, AI systems, per-person CSV imports (`assay attest`). */
    attestations: AttestationsConfigSchema.optional(),
    /** `assay serve`: the security team's console (host, port, sign-in and roles beyond loopback). */
    console: ConsoleConfigSchema.optional(),
  })
  .strict()
  // The Workspace collector resolves the executive groups' members: it reads them from people.executives.
  .transform(({ sources: { google, ...sources }, ...rest }) => ({
    ...rest,
    sources: {
      ...sources,
      ...(google ? { google: { ...google, executives: rest.people?.executives ?? NO_EXECUTIVES } } : {}),
    },
  }));

export type ConfigInput = z.input<typeof ConfigSchema>;
export type ConfigData = z.output<typeof ConfigSchema>;
export type SourceId = keyof ConfigData['sources'];

import { z } from 'zod';
import { GithubSourceConfigSchema } from '../model/config/github-config.js';
import { AwsSourceConfigSchema } from '../model/config/aws-config.js';
import { GoogleSourceConfigSchema } from '../model/config/google-config.js';
import { AttestationsConfigSchema } from '../model/config/attestations-config.js';
import { AlertsConfigSchema } from '../model/config/alerts-config.js';
import { TicketsConfigSchema } from '../model/config/tickets-config.js';
import { NO_EXECUTIVES, PeopleConfigSchema } from '../model/config/people-config.js';

/** What `log.level` and ASSAY_LOG_LEVEL accept. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const EvidenceConfigSchema = z
  .object({
    store: z.literal('local').default('local'),
    /** Directory of the local evidence store, relative to the config file. */
    path: z.string().min(1).default('./evidence'),
    /** A run that claimed its chain sequence this long ago without committing died; the next run takes over. */
    staleClaimSeconds: z.number().positive().default(300),
  })
  .strict();

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

import { z } from 'zod';
import { FindingMatchSchema } from './alerts-config.js';
import { SecretRefSchema } from './secret-ref.js';

export const TICKET_SYSTEMS = ['linear', 'jira', 'github'] as const;
export type TicketSystemId = (typeof TICKET_SYSTEMS)[number];

const labels = z.array(z.string().regex(/^[^\s,]{1,40}$/, 'expected a label without spaces or commas')).default([]);

/** Where a ticket's assignee comes from in the identity graph and the config. */
export const ASSIGNEE_SOURCES = ['manager', 'systemOwner'] as const;
export type AssigneeSource = (typeof ASSIGNEE_SOURCES)[number];

/**
 * A user of the ticket system as it names them (a Linear user id, a Jira accountId, a GitHub login), or a person to
 * find there by email: `manager` (of the person the ticket is about, from Workspace `relations`) or `systemOwner`
 * (the reviewer of the system's accounts in `people.accessReview`). A person the ticket system does not know falls
 * back to `fallback`, else the config's `assignee` when that is a user; the fallback is recorded, never an error.
 */
export const AssigneeSchema = z.union([
  z.string().min(1),
  z
    .object({
      from: z.enum(ASSIGNEE_SOURCES, { error: 'expected manager or systemOwner' }),
      fallback: z.string().min(1).optional(),
    })
    .strict(),
]);
export type Assignee = z.output<typeof AssigneeSchema>;

/** Extra ticket rules beside the built-in kinds: one ticket per matching finding. */
export const TicketRuleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a short name of lowercase letters, digits and -'),
    match: FindingMatchSchema,
    labels,
    /** Unset: the config's `assignee`. */
    assignee: AssigneeSchema.optional(),
  })
  .strict();
export type TicketRule = z.output<typeof TicketRuleSchema>;

export const TicketsConfigSchema = z
  .object({
    system: z.enum(TICKET_SYSTEMS),
    linear: z
      .object({
        apiUrl: z.url().default('https://api.linear.app/graphql'),
        apiKey: SecretRefSchema,
        teamId: z.string().min(1),
        /** Label ids Linear applies to every ticket (Linear labels are ids, made in its UI). */
        labelIds: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
    jira: z
      .object({
        baseUrl: z.url(),
        email: z.email(),
        apiToken: SecretRefSchema,
        projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'expected a Jira project key such as SEC'),
        issueType: z.string().default('Task'),
        /** Transition names: the workflow's own (Jira has no fixed "close"). */
        doneTransition: z.string().default('Done'),
        reopenTransition: z.string().default('To Do'),
      })
      .strict()
      .optional(),
    github: z
      .object({
        baseUrl: z.url().default('https://api.github.com'),
        token: SecretRefSchema,
        repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name'),
      })
      .strict()
      .optional(),
    /** Built-in kinds, each on by default. */
    kinds: z
      .object({
        /** Any critical failure not excepted. */
        critical: z.boolean().default(true),
        /** A break-glass role assumed (aws-cloudtrail-event-break-glass-role-assumed), labelled "Emergency Access". */
        breakGlass: z.boolean().default(true),
        /** One ticket per departed person with accounts or credentials still live. */
        offboarding: z.boolean().default(true),
      })
      .strict()
      .default({ critical: true, breakGlass: true, offboarding: true }),
    /** Checks whose failures are about a departed person (globs); grouped into one ticket per person. */
    offboardingChecks: z.array(z.string().min(1)).default(['people-*offboard*', 'people-*departed*']),
    rules: z.array(TicketRuleSchema).default([]),
    labels: labels.default(['assay']),
    /** Every ticket's assignee unless its rule or kind names another. */
    assignee: AssigneeSchema.optional(),
    /** The offboarding verification ticket's: by default the departed person's manager. */
    offboardingAssignee: AssigneeSchema.default({ from: 'manager' }),
    requestTimeoutSeconds: z.number().positive().max(60).default(10),
    retries: z.number().int().min(0).max(5).default(3),
    totalTimeoutSeconds: z.number().positive().max(240).default(90),
    /** Ticket changes per run; the rest wait for the next run (tickets follow state, so nothing is lost). */
    maxChangesPerRun: z.number().int().min(1).max(200).default(25),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t[t.system] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [t.system],
        message: `expected the ${t.system} settings for system: ${t.system}`,
      });
  });
export type TicketsConfig = z.output<typeof TicketsConfigSchema>;

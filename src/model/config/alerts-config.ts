import { z } from 'zod';
import { SeveritySchema } from '../severity.js';
import { SecretRefSchema } from './secret-ref.js';

export const ALERT_CHANNELS = ['slack', 'teams', 'google-chat', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** What changed about a finding since the previous scheduled run: only changes alert, never a standing failure. */
export const CHANGE_KINDS = ['new', 'regressed', 'resolved', 'exception-expired'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const idList = z.array(z.string().min(1)).min(1);

/**
 * Which finding changes a route (or a ticket rule) takes; every criterion given must hold. `checks` and `controls`
 * take `*` globs; `source` is the check id's first word (github, aws, google, people, attestation…); `where` compares
 * finding fields by dotted path (`observed.executive: true`, `scope.id: "123456789012"`).
 */
export const FindingMatchSchema = z
  .object({
    minSeverity: SeveritySchema.optional(),
    sources: idList.optional(),
    checks: idList.optional(),
    controls: idList.optional(),
    /** Only findings about executives (`observed.executive: true`, or a check about executives). */
    executive: z.boolean().optional(),
    statuses: z
      .array(z.enum(['fail', 'error']))
      .min(1)
      .default(['fail']),
    changes: z.array(z.enum(CHANGE_KINDS)).min(1).default(['new', 'regressed', 'exception-expired']),
    where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();
export type FindingMatch = z.output<typeof FindingMatchSchema>;

export const AlertRouteSchema = z
  .object({
    /** Unique: names the route in deliveries, idempotency keys and Slack thread records. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a short name of lowercase letters, digits and -'),
    channel: z.enum(ALERT_CHANNELS),
    /** The webhook URL (Slack incoming webhook, Teams Workflows, Google Chat space, your endpoint): a secret. */
    url: SecretRefSchema.optional(),
    /** Slack only: a bot token (chat:write) so later alerts thread under the first message; needs `slackChannel`. */
    token: SecretRefSchema.optional(),
    slackChannel: z.string().min(1).optional(),
    /** Slack Web API base (for a proxy or the simulator); default https://slack.com/api. */
    slackApiUrl: z.url().optional(),
    /** Generic webhook only: the HMAC-SHA256 key the receiver verifies `X-Assay-Signature` with. */
    signingSecret: SecretRefSchema.optional(),
    match: FindingMatchSchema.default({ statuses: ['fail'], changes: ['new', 'regressed', 'exception-expired'] }),
  })
  .strict()
  .superRefine((r, ctx) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (r.channel === 'slack' && r.token)
      need(r.slackChannel !== undefined, 'slackChannel', 'expected a channel id with a bot token');
    else
      need(
        r.url !== undefined,
        'url',
        `expected a reference to the ${r.channel} webhook URL, e.g. { env: SLACK_WEBHOOK_URL }`,
      );
    if (r.channel !== 'slack') need(r.token === undefined, 'token', 'a bot token is for Slack only');
    if (r.channel !== 'webhook')
      need(r.signingSecret === undefined, 'signingSecret', 'signing is for the generic webhook only');
    if (r.channel === 'webhook')
      need(r.signingSecret !== undefined, 'signingSecret', 'expected a signing secret reference');
  });
export type AlertRoute = z.output<typeof AlertRouteSchema>;

export const AlertsConfigSchema = z
  .object({
    /** Where the HTML reports are served; a finding links to `<reportBaseUrl>/<runId>/report.html#<finding key>`. */
    reportBaseUrl: z.url().optional(),
    /** Findings listed per message; the rest are counted ("and N more"). */
    maxFindings: z.number().int().min(1).max(20).default(10),
    /** Per HTTP attempt. */
    requestTimeoutSeconds: z.number().positive().max(60).default(10),
    /** Attempts after the first, on 429, 5xx and network errors (Retry-After honoured). */
    retries: z.number().int().min(0).max(5).default(3),
    /** All deliveries of a run together; a delivery still waiting then is recorded as timed out. */
    totalTimeoutSeconds: z.number().positive().max(240).default(60),
    routes: z.array(AlertRouteSchema).default([]),
  })
  .strict()
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.routes.forEach((r, i) => {
      if (seen.has(r.name))
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'name'], message: `route name '${r.name}' is used twice` });
      seen.add(r.name);
    });
  });
export type AlertsConfig = z.output<typeof AlertsConfigSchema>;

import type { Logger } from 'pino';
import type { AlertRoute, AlertsConfig } from '../model/config/alerts-config.js';
import type { SecretResolver } from '../model/config/secret-ref.js';
import type { Delivery } from '../model/run.js';
import type { RecordStore } from '../evidence/record-store.js';
import { buildAlertMessage, type AlertMessage } from './alert-message.js';
import type { FindingChange } from './finding-change.js';
import { matchesChange } from './match-finding.js';
import { slackPayload } from './slack-payload.js';
import { teamsPayload } from './teams-payload.js';
import { googleChatPayload } from './google-chat-payload.js';
import { IDEMPOTENCY_HEADER, signWebhook, webhookBody } from './webhook-payload.js';
import { describeBody, sendWithRetry, type SendOptions, type SendResult } from './http-send.js';

/** Where a Slack route's first message is, so later ones thread under it. */
export const SLACK_THREAD_RECORD = 'alert-slack-thread';

export interface AlertContext {
  config: AlertsConfig;
  resolveSecret: SecretResolver;
  runId: string;
  mode: 'scheduled' | 'event';
  changes: readonly FindingChange[];
  records?: Pick<RecordStore, 'append' | 'list'>;
  log?: Logger;
  /** Masks the run's resolved credentials in text (src/engine/secret-mask.ts). */
  mask?: (text: string) => string;
  http?: Pick<SendOptions, 'fetch' | 'now' | 'sleep'>;
  /** Called with each body as sent (the demo prints them; tests scan them). */
  onSent?: (route: string, body: string) => void;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/**
 * One message per route with matching changes, all routes at once, within `totalTimeoutSeconds`. Never throws: each
 * route's outcome (delivered or failed, attempts, HTTP status, why) is returned for the run's manifest.
 */
export async function deliverAlerts(ctx: AlertContext): Promise<Delivery[]> {
  const { config } = ctx;
  const now = ctx.http?.now ?? Date.now;
  const options: SendOptions = {
    timeoutMs: config.requestTimeoutSeconds * 1000,
    retries: config.retries,
    deadline: now() + config.totalTimeoutSeconds * 1000,
    ...ctx.http,
  };
  const jobs = config.routes.flatMap((route) => {
    const matching = ctx.changes.filter((c) => matchesChange(route.match, c));
    if (matching.length === 0) return [];
    const message = buildAlertMessage(route.name, matching, {
      runId: ctx.runId,
      mode: ctx.mode,
      maxFindings: config.maxFindings,
      ...(config.reportBaseUrl ? { reportBaseUrl: config.reportBaseUrl } : {}),
      ...(ctx.mask ? { mask: ctx.mask } : {}),
    });
    return [{ route, message }];
  });
  return Promise.all(
    jobs.map(async ({ route, message }): Promise<Delivery> => {
      let result: SendResult;
      try {
        result = await deliverOne(route, message, ctx, options);
      } catch (err) {
        // A secret reference that does not resolve, a record that cannot be written: the run goes on.
        result = { ok: false, attempts: 0, error: describeBody(err instanceof Error ? err.message : String(err)) };
      }
      const delivery: Delivery = {
        kind: 'alert',
        route: route.name,
        channel: route.channel,
        status: result.ok ? 'delivered' : 'failed',
        attempts: result.attempts,
        findings: message.items.length + message.more,
        idempotencyKey: message.idempotencyKey,
        ...(result.status !== undefined ? { httpStatus: result.status } : {}),
        ...(result.ok || result.error === undefined ? {} : { error: ctx.mask ? ctx.mask(result.error) : result.error }),
      };
      ctx.log?.[result.ok ? 'info' : 'warn'](delivery, result.ok ? 'alert delivered' : 'alert not delivered');
      return delivery;
    }),
  );
}

async function deliverOne(route: AlertRoute, m: AlertMessage, ctx: AlertContext, o: SendOptions): Promise<SendResult> {
  const secret = (key: 'url' | 'token' | 'signingSecret') =>
    ctx.resolveSecret(route[key]!, `alerts.routes[${route.name}].${key}`);
  const idem = { [IDEMPOTENCY_HEADER]: m.idempotencyKey };
  const post = (url: string, body: string, headers: Record<string, string> = {}) => {
    ctx.onSent?.(route.name, body);
    return sendWithRetry({ url, body, headers: { ...JSON_HEADERS, ...idem, ...headers } }, o);
  };
  switch (route.channel) {
    case 'slack':
      return route.token
        ? slackThreaded(route, m, secret('token'), ctx, post)
        : post(secret('url'), JSON.stringify(slackPayload(m)));
    case 'teams':
      return post(secret('url'), JSON.stringify(teamsPayload(m)));
    case 'google-chat':
      return post(secret('url'), JSON.stringify(googleChatPayload(m)));
    case 'webhook': {
      const body = webhookBody(m);
      return post(
        secret('url'),
        body,
        signWebhook(body, secret('signingSecret'), Math.floor((ctx.http?.now ?? Date.now)() / 1000)),
      );
    }
  }
}

/**
 * chat.postMessage with a bot token: the route's first message starts a thread (its `ts` stored as a record), later
 * ones reply in it. Slack answers 200 with `ok: false` for its own errors. https://docs.slack.dev/reference/methods/chat.postMessage
 */
async function slackThreaded(
  route: AlertRoute,
  m: AlertMessage,
  token: string,
  ctx: AlertContext,
  post: (url: string, body: string, headers?: Record<string, string>) => Promise<SendResult>,
): Promise<SendResult> {
  const threads = (await ctx.records?.list(SLACK_THREAD_RECORD)) ?? [];
  const thread = threads
    .map((r) => r.data as { route?: string; channel?: string; ts?: string })
    .filter((d) => d.route === route.name && d.channel === route.slackChannel)
    .at(0)?.ts;
  const base = (route.slackApiUrl ?? 'https://slack.com/api').replace(/\/+$/, '');
  const body = JSON.stringify({
    ...slackPayload(m),
    channel: route.slackChannel,
    ...(thread ? { thread_ts: thread } : {}),
  });
  const result = await post(`${base}/chat.postMessage`, body, { authorization: `Bearer ${token}` });
  if (!result.ok) return result;
  let answer: { ok?: boolean; error?: string; ts?: string };
  try {
    answer = JSON.parse(result.body ?? '') as typeof answer;
  } catch {
    return { ...result, ok: false, error: 'chat.postMessage answered something other than JSON' };
  }
  if (!answer.ok) return { ...result, ok: false, error: `chat.postMessage: ${describeBody(answer.error ?? 'not ok')}` };
  if (!thread && answer.ts && ctx.records)
    await ctx.records.append(SLACK_THREAD_RECORD, {
      by: 'assay',
      data: { route: route.name, channel: route.slackChannel, ts: answer.ts },
    });
  return result;
}

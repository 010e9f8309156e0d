import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceiverRoute } from './receiver-route.js';
import { adaptiveCardProblems, blockKitProblems, cardsV2Problems } from './chat-validators.js';

export interface ChatSecrets {
  slackWebhookPath: string;
  slackBotToken: string;
  teamsWorkflowId: string;
  googleChatKey: string;
  webhookSigningSecret: string;
}

/** Slack incoming webhooks answer plain text: `ok`, or the error name. https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks */
export function chatRoutes(s: ChatSecrets): ReceiverRoute[] {
  let ts = 1_700_000_000;
  return [
    {
      id: 'slack webhook',
      receiver: 'slack',
      method: 'POST',
      pattern: '/slack/services/{team}/{bot}/{secret}',
      handle: (req, r) => {
        if (`${req.params.team}/${req.params.bot}/${req.params.secret}` !== s.slackWebhookPath) {
          r.problems.push('unknown webhook');
          return { status: 404, text: 'no_service' };
        }
        r.problems.push(...blockKitProblems(r.body));
        return r.problems.length ? { status: 400, text: 'invalid_blocks' } : { status: 200, text: 'ok' };
      },
    },
    {
      id: 'slack chat.postMessage',
      receiver: 'slack',
      method: 'POST',
      pattern: '/slack/api/chat.postMessage',
      handle: (req, r) => {
        if (req.headers.authorization !== `Bearer ${s.slackBotToken}`) {
          r.problems.push('not authed');
          return { status: 200, json: { ok: false, error: 'invalid_auth' } };
        }
        const body = r.body as { channel?: unknown; thread_ts?: unknown };
        if (typeof body.channel !== 'string') r.problems.push('no channel');
        r.problems.push(...blockKitProblems(r.body));
        if (r.problems.length) return { status: 200, json: { ok: false, error: 'invalid_blocks' } };
        ts++;
        return {
          status: 200,
          json: { ok: true, channel: body.channel, ts: `${ts}.000100`, message: { thread_ts: body.thread_ts } },
        };
      },
    },
    {
      id: 'teams workflow',
      receiver: 'teams',
      method: 'POST',
      pattern: '/teams/workflows/{id}',
      handle: (req, r) => {
        if (req.params.id !== s.teamsWorkflowId) {
          r.problems.push('unknown workflow');
          return { status: 404, json: { error: { code: 'WorkflowNotFound' } } };
        }
        r.problems.push(...adaptiveCardProblems(r.body));
        return r.problems.length
          ? { status: 400, json: { error: { code: 'InvalidRequestContent', message: r.problems[0] } } }
          : { status: 202, text: '' };
      },
    },
    {
      id: 'google chat messages',
      receiver: 'google-chat',
      method: 'POST',
      pattern: '/chat/v1/spaces/{space}/messages',
      handle: (req, r) => {
        if (req.query.get('key') !== s.googleChatKey) {
          r.problems.push('bad key');
          return {
            status: 403,
            json: { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } },
          };
        }
        r.problems.push(...cardsV2Problems(r.body));
        if (r.problems.length)
          return { status: 400, json: { error: { code: 400, message: r.problems[0], status: 'INVALID_ARGUMENT' } } };
        const thread = (r.body as { thread?: { threadKey?: string } }).thread?.threadKey ?? 'none';
        return {
          status: 200,
          json: {
            name: `spaces/${req.params.space}/messages/${Date.now()}`,
            thread: { name: `spaces/${req.params.space}/threads/${thread}` },
          },
        };
      },
    },
    {
      id: 'generic webhook',
      receiver: 'webhook',
      method: 'POST',
      pattern: '/hooks/{id}',
      handle: (req, r) => {
        // The check the README tells receivers to make: HMAC-SHA256 over "<timestamp>.<body>", compared in constant time.
        const stamp = String(req.headers['x-assay-timestamp'] ?? '');
        const given = Buffer.from(String(req.headers['x-assay-signature'] ?? ''));
        const want = Buffer.from(
          `v1=${createHmac('sha256', s.webhookSigningSecret).update(`${stamp}.${req.body}`).digest('hex')}`,
        );
        if (given.length !== want.length || !timingSafeEqual(given, want)) r.problems.push('signature does not verify');
        if (Math.abs(Date.now() / 1000 - Number(stamp)) > 300) r.problems.push('timestamp older than 5 minutes');
        if (!req.headers['idempotency-key']) r.problems.push('no Idempotency-Key');
        return r.problems.length ? { status: 401, json: { error: r.problems[0] } } : { status: 204, text: '' };
      },
    },
  ];
}

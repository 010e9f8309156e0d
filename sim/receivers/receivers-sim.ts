import { SimServer } from '../http/sim-server.js';
import { Random } from '../random.js';
import { chatRoutes } from './chat-receivers.js';
import { linearRoutes } from './linear-receiver.js';
import { recording } from './receiver-route.js';
import { ReceiverState } from './receiver-state.js';
import { githubIssueRoutes, jiraRoutes } from './ticket-receivers.js';

/** What a config needs to reach the receivers; the URLs and tokens are the secrets (env values). */
export interface SimReceivers {
  server: SimServer;
  state: ReceiverState;
  baseUrl: string;
  slack: { webhookUrl: string; apiUrl: string; botToken: string; channel: string };
  teams: { webhookUrl: string };
  googleChat: { webhookUrl: string };
  webhook: { url: string; signingSecret: string };
  linear: { apiUrl: string; apiKey: string; teamId: string };
  jira: { baseUrl: string; email: string; apiToken: string; projectKey: string };
  github: { baseUrl: string; token: string; repository: string };
  stop(): Promise<void>;
}

/**
 * Loopback stand-ins for the chat webhooks and ticket systems assay posts to. Each validates what it is sent as the
 * vendor would (Block Kit limits, Adaptive Card version and schema, cardsV2 shape, the webhook signature, Jira's
 * fields, Linear's GraphQL schema) and records it; faults (429 with Retry-After, 500, hang) are injected per route id.
 */
export async function startReceivers(seed: number | string = 'receivers'): Promise<SimReceivers> {
  const rng = new Random(`receivers/${seed}`);
  const state = new ReceiverState();
  const s = {
    slackWebhookPath: `T${rng.hex(8).toUpperCase()}/B${rng.hex(8).toUpperCase()}/${rng.hex(24)}`,
    slackBotToken: `sim-slack-bot-${rng.hex(24)}`,
    teamsWorkflowId: rng.hex(32),
    googleChatKey: `sim-chat-key-${rng.hex(16)}`,
    webhookSigningSecret: `sim-signing-${rng.hex(24)}`,
  };
  const tickets = {
    jira: { email: 'assay-bot@example.com', apiToken: `sim-jira-${rng.hex(24)}`, projectKey: 'SEC' },
    github: { token: `sim-issues-${rng.hex(24)}`, repository: 'acme/security-tickets' },
  };
  const linear = { apiKey: `sim-linear-${rng.hex(24)}`, teamId: `team-${rng.hex(8)}` };
  let base = '';
  const baseUrl = () => base;
  const server = new SimServer(
    'receivers',
    [
      ...chatRoutes(s),
      ...linearRoutes(state, { ...linear, baseUrl }),
      ...jiraRoutes(state, tickets.jira, baseUrl),
      ...githubIssueRoutes(state, tickets.github, baseUrl),
    ].map((r) => recording(state, r)),
  );
  base = await server.listen();
  return {
    server,
    state,
    baseUrl: base,
    slack: {
      webhookUrl: `${base}/slack/services/${s.slackWebhookPath}`,
      apiUrl: `${base}/slack/api`,
      botToken: s.slackBotToken,
      channel: 'C0SECURITY',
    },
    teams: { webhookUrl: `${base}/teams/workflows/${s.teamsWorkflowId}` },
    googleChat: {
      webhookUrl: `${base}/chat/v1/spaces/AAAAsecurity/messages?key=${s.googleChatKey}&token=${rng.hex(16)}`,
    },
    webhook: { url: `${base}/hooks/${rng.hex(12)}`, signingSecret: s.webhookSigningSecret },
    linear: { apiUrl: `${base}/linear/graphql`, ...linear },
    jira: { baseUrl: `${base}/jira`, ...tickets.jira },
    github: { baseUrl: `${base}/github`, ...tickets.github },
    stop: () => server.close(),
  };
}

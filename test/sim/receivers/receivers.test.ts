import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceivers, type SimReceivers } from '../../../sim/receivers/receivers-sim.js';
import { LINEAR_DOCUMENTS } from '../../../src/tickets/linear-tickets.js';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('loopback receivers refuse what the vendors refuse', () => {
  let rx: SimReceivers;
  beforeAll(async () => {
    rx = await startReceivers('receivers-test');
  });
  afterAll(() => rx.stop());

  it('Slack: over 50 blocks, an over-long section or an unknown webhook', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const r = await post(rx.slack.webhookUrl, { text: 'x', blocks });
    expect([r.status, await r.text()]).toEqual([400, 'invalid_blocks']);
    expect(rx.state.received.at(-1)!.problems).toEqual(['51 blocks (at most 50)']);
    const long = await post(rx.slack.webhookUrl, {
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
    });
    expect(long.status).toBe(400);
    expect((await post(`${rx.baseUrl}/slack/services/T1/B1/wrong`, { text: 'x' })).status).toBe(404);
    expect((await post(rx.slack.webhookUrl, { text: 'fine' })).status).toBe(200);
  });

  it('Teams: an Adaptive Card of a version Teams does not render; Google Chat: a widget of two kinds', async () => {
    const card = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.6',
            body: [],
          },
        },
      ],
    };
    expect((await post(rx.teams.webhookUrl, card)).status).toBe(400);
    expect(rx.state.received.at(-1)!.problems).toEqual(['attachments[0]: version 1.6 (Teams renders 1.0–1.5)']);
    const chat = {
      cardsV2: [{ cardId: 'a', card: { sections: [{ widgets: [{ textParagraph: { text: 'a' }, divider: {} }] }] } }],
    };
    expect((await post(rx.googleChat.webhookUrl, chat)).status).toBe(400);
  });

  it('webhook: an unsigned or wrongly signed body', async () => {
    const r = await post(
      rx.webhook.url,
      { version: 1 },
      {
        'x-assay-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-assay-signature': 'v1=00',
        'idempotency-key': 'k',
      },
    );
    expect(r.status).toBe(401);
    expect(rx.state.received.at(-1)!.problems).toEqual(['signature does not verify']);
  });

  it("Jira: fields it requires or forbids; Linear: a field its schema lacks, while assay's own documents validate", async () => {
    const auth = { authorization: `Basic ${Buffer.from(`${rx.jira.email}:${rx.jira.apiToken}`).toString('base64')}` };
    const bad = await post(
      `${rx.jira.baseUrl}/rest/api/3/issue`,
      {
        fields: {
          project: { key: 'SEC' },
          issuetype: { name: 'Task' },
          summary: 'x',
          description: 'plain text',
          labels: ['two words'],
        },
      },
      auth,
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { errors: object }).errors).sort()).toEqual(['description', 'labels']);
    const gql = (query: string, variables: object = {}) =>
      post(rx.linear.apiUrl, { query, variables }, { authorization: rx.linear.apiKey });
    const unknown = await gql('query { issues { nodes { id priorityLabel } } }');
    expect(unknown.status).toBe(400);
    expect(rx.state.received.at(-1)!.problems[0]).toMatch(/Cannot query field "priorityLabel"/);
    const states = await gql(LINEAR_DOCUMENTS.states, { teamId: rx.linear.teamId });
    expect(states.status).toBe(200);
    expect(rx.state.received.at(-1)!.problems).toEqual([]);
  });

  it('fail on demand: 429 with Retry-After, 500', async () => {
    rx.server.faults.inject('slack webhook', { kind: 'rate-limit', retryAfterSeconds: 3 }, { times: 1 });
    const r = await post(rx.slack.webhookUrl, { text: 'x' });
    expect([r.status, r.headers.get('retry-after')]).toEqual([429, '3']);
    rx.server.faults.inject('jira create issue', { kind: 'status', status: 500 }, { times: 1 });
    expect((await post(`${rx.jira.baseUrl}/rest/api/3/issue`, {})).status).toBe(500);
  });
});

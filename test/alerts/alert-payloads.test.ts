import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { buildAlertMessage } from '../../src/alerts/alert-message.js';
import { findingAnchor } from '../../src/reports/report-findings.js';
import { slackPayload } from '../../src/alerts/slack-payload.js';
import { teamsPayload } from '../../src/alerts/teams-payload.js';
import { googleChatPayload } from '../../src/alerts/google-chat-payload.js';
import { signWebhook, webhookBody } from '../../src/alerts/webhook-payload.js';
import { adaptiveCardProblems, blockKitProblems, cardsV2Problems } from '../../sim/receivers/chat-validators.js';
import { canaryStrings, secretCanaries } from '../../sim/secret-plants.js';
import type { FindingChange } from '../../src/alerts/finding-change.js';
import { finding } from './finding-fixture.js';

const canaries = secretCanaries('alerts');
const changes: FindingChange[] = [
  { kind: 'new', finding: finding({ id: 'low-one', severity: 'low' }) },
  { kind: 'resolved', finding: finding({ id: 'fixed', status: 'pass', severity: 'critical' }) },
  { kind: 'new', finding: finding({ id: 'crit', severity: 'critical' }) },
  { kind: 'regressed', finding: finding({ id: 'ceo', severity: 'high', observed: { executive: true } }) },
  // A vendor's words quoted in a message: the planted credentials must not travel on.
  {
    kind: 'new',
    finding: finding({
      id: 'leaky',
      severity: 'medium',
      message: `Error: ${canaries.githubToken} and ${canaries.awsAccessKeyId}:${canaries.awsSecretAccessKey} {"password":"${canaries.password}"} ${canaries.privateKey}`,
    }),
  },
];
const opts = {
  runId: '20261207T090000Z-abc123',
  mode: 'scheduled' as const,
  maxFindings: 3,
  reportBaseUrl: 'https://assay.example.com/runs/',
};

describe('the alert message', () => {
  const m = buildAlertMessage('security', changes, opts);
  it('lists executives first, then by severity, resolutions last, and counts the rest', () => {
    expect(m.items.map((i) => i.resource.split(':').at(-1))).toEqual(['ceo', 'crit', 'leaky']);
    expect(m.more).toBe(2);
    expect(m.headline).toBe('assay run 20261207T090000Z-abc123: 3 new, 1 regressed, 1 resolved');
    expect(m.reportUrl).toBe('https://assay.example.com/runs/20261207T090000Z-abc123/report.html');
    expect(m.idempotencyKey).toBe('20261207T090000Z-abc123:security');
  });

  it("links each finding to its place in the run's report", () => {
    const ceo = changes[3]!.finding;
    expect(m.items[0]!.url).toBe(`${m.reportUrl!}#${findingAnchor(ceo)}`);
    expect(findingAnchor(ceo)).toMatch(/^f-[0-9a-f]{16}$/);
    const p = {
      slack: JSON.stringify(slackPayload(m)),
      teams: JSON.stringify(teamsPayload(m)),
      chat: JSON.stringify(googleChatPayload(m)),
    };
    expect(p.slack).toContain(`<${m.items[0]!.url!}|details>`);
    expect(p.teams).toContain(
      `"selectAction":{"type":"Action.OpenUrl","title":"Open in the report","url":"${m.items[0]!.url!}"}`,
    );
    expect(p.chat).toContain(`"onClick":{"openLink":{"url":"${m.items[0]!.url!}"}}`);
    expect(buildAlertMessage('security', changes, { ...opts, reportBaseUrl: undefined }).items[0]!.url).toBeUndefined();
  });
});

describe('channel payloads', () => {
  const all = buildAlertMessage('security', changes, { ...opts, maxFindings: 20 });
  const payloads = {
    slack: JSON.stringify(slackPayload(all)),
    teams: JSON.stringify(teamsPayload(all)),
    chat: JSON.stringify(googleChatPayload(all)),
    webhook: webhookBody(all),
  };

  it('Slack: Block Kit within its limits, one section per finding, "and N more" and the report link', () => {
    const p = slackPayload(buildAlertMessage('security', changes, opts));
    expect(blockKitProblems(p)).toEqual([]);
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    expect(JSON.stringify(p.blocks.at(-1))).toContain('and 2 more');
    expect(JSON.stringify(p.blocks[1])).toContain('*executive*');
  });

  it('Slack: 20 findings with 5,000-character messages still fit (text clipped to 3,000)', () => {
    const long = Array.from({ length: 40 }, (_, i): FindingChange => ({
      kind: 'new',
      finding: finding({ id: `u${i}`, message: 'x'.repeat(5000) }),
    }));
    const p = slackPayload(buildAlertMessage('r', long, { ...opts, maxFindings: 20 }));
    expect(blockKitProblems(p)).toEqual([]);
    expect(p.blocks.length).toBe(22);
  });

  it('Teams: an Adaptive Card 1.5 naming its schema, in a Workflows message', () => {
    expect(adaptiveCardProblems(JSON.parse(payloads.teams))).toEqual([]);
    expect(payloads.teams).toContain('"version":"1.5"');
    expect(adaptiveCardProblems({ type: 'message', attachments: [{ contentType: 'x' }] })).not.toEqual([]);
  });

  it('Google Chat: cardsV2 with one widget kind per widget, threaded by route', () => {
    const p = JSON.parse(payloads.chat) as { thread: { threadKey: string } };
    expect(cardsV2Problems(p)).toEqual([]);
    expect(p.thread.threadKey).toBe('assay-security');
  });

  it('webhook: versioned JSON signed over timestamp and body, verifiable with the README snippet', () => {
    const body = payloads.webhook;
    const h = signWebhook(body, 'shh-signing-key', 1_700_000_000);
    expect(h['x-assay-timestamp']).toBe('1700000000');
    const want = `v1=${createHmac('sha256', 'shh-signing-key').update(`1700000000.${body}`).digest('hex')}`;
    expect(h['x-assay-signature']).toBe(want);
    expect(JSON.parse(body)).toMatchObject({ version: 1, route: 'security', runId: opts.runId });
  });

  it('carries no planted secret in any channel', () => {
    for (const [name, text] of Object.entries(payloads))
      expect(
        canaryStrings(canaries).filter((s) => text.includes(s)),
        name,
      ).toEqual([]);
    expect(payloads.slack).toContain('[REDACTED]');
  });
});

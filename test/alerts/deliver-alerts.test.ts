import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverAlerts, SLACK_THREAD_RECORD, type AlertContext } from '../../src/alerts/deliver-alerts.js';
import { AlertsConfigSchema } from '../../src/model/config/alerts-config.js';
import type { SecretResolver } from '../../src/model/config/secret-ref.js';
import type { StoredRecord } from '../../src/model/record.js';
import { startReceivers, type SimReceivers } from '../../sim/receivers/receivers-sim.js';
import type { FindingChange } from '../../src/alerts/finding-change.js';
import { finding } from './finding-fixture.js';

/** Records kept in memory, in the RecordStore's shape. */
function memoryRecords() {
  const list: StoredRecord[] = [];
  return {
    list: (type?: string) => Promise.resolve(list.filter((r) => type === undefined || r.type === type)),
    append: (type: string, input: { by: string; data: unknown }) => {
      const r = {
        seq: list.length + 1,
        type,
        at: new Date().toISOString(),
        by: input.by,
        data: input.data,
        files: [],
        key: `records/${list.length + 1}`,
        sha256: '0'.repeat(64),
      };
      list.push(r);
      return Promise.resolve(r);
    },
  };
}

describe('alert delivery to the loopback receivers', () => {
  let rx: SimReceivers;
  let env: Record<string, string>;
  const resolve: SecretResolver = (ref, key) => {
    const v = env[ref.env];
    if (!v) throw new Error(`${key}: environment variable ${ref.env} is not set`);
    return v;
  };
  const changes: FindingChange[] = [
    { kind: 'new', finding: finding({ id: 'alice', severity: 'critical' }) },
    {
      kind: 'new',
      finding: finding({
        id: 'bob',
        severity: 'low',
        checkId: 'aws-iam-console-users-mfa',
        scope: { kind: 'aws-account', id: '111122223333' },
      }),
    },
  ];
  const config = (routes: unknown[], over: object = {}) =>
    AlertsConfigSchema.parse({ routes, retries: 2, requestTimeoutSeconds: 1, ...over });
  const waits: number[] = [];
  const ctx = (c: ReturnType<typeof config>, more: Partial<AlertContext> = {}): AlertContext => ({
    config: c,
    resolveSecret: resolve,
    runId: '20261207T090000Z-abc123',
    mode: 'scheduled',
    changes,
    http: { sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    ...more,
  });

  beforeAll(async () => {
    rx = await startReceivers('alerts-test');
    env = {
      SLACK_URL: rx.slack.webhookUrl,
      SLACK_BOT: rx.slack.botToken,
      TEAMS_URL: rx.teams.webhookUrl,
      CHAT_URL: rx.googleChat.webhookUrl,
      HOOK_URL: rx.webhook.url,
      HOOK_KEY: rx.webhook.signingSecret,
    };
  });
  afterAll(() => rx.stop());
  beforeEach(() => {
    rx.state.received.length = 0;
    rx.server.faults.clear();
    waits.length = 0;
  });

  it('delivers one valid message per channel, each route taking the changes it matches', async () => {
    const out = await deliverAlerts(
      ctx(
        config([
          { name: 'slack', channel: 'slack', url: { env: 'SLACK_URL' } },
          { name: 'teams', channel: 'teams', url: { env: 'TEAMS_URL' }, match: { minSeverity: 'critical' } },
          { name: 'chat', channel: 'google-chat', url: { env: 'CHAT_URL' }, match: { sources: ['aws'] } },
          { name: 'hook', channel: 'webhook', url: { env: 'HOOK_URL' }, signingSecret: { env: 'HOOK_KEY' } },
          { name: 'nothing', channel: 'slack', url: { env: 'SLACK_URL' }, match: { checks: ['google-*'] } },
        ]),
      ),
    );
    expect(out.map((d) => `${d.route}:${d.status}:${d.findings}`)).toEqual([
      'slack:delivered:2',
      'teams:delivered:1',
      'chat:delivered:1',
      'hook:delivered:2',
    ]);
    expect(rx.state.received.map((r) => [r.receiver, r.problems])).toEqual([
      ['slack', []],
      ['teams', []],
      ['google-chat', []],
      ['webhook', []],
    ]);
    expect(JSON.stringify(rx.state.of('teams')[0]!.body)).toContain('alice');
    expect(JSON.stringify(rx.state.of('teams')[0]!.body)).not.toContain('bob');
  });

  it('waits out a 429 for the Retry-After it names, then delivers', async () => {
    rx.server.faults.inject('slack webhook', { kind: 'rate-limit', retryAfterSeconds: 7 }, { times: 1 });
    const [d] = await deliverAlerts(ctx(config([{ name: 'slack', channel: 'slack', url: { env: 'SLACK_URL' } }])));
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, httpStatus: 200 });
    expect(waits).toEqual([7000]);
  });

  it('records a receiver that keeps failing, with attempts, status and no URL; never throws', async () => {
    rx.server.faults.inject('teams workflow', { kind: 'status', status: 500, body: { error: 'down' } });
    const [d] = await deliverAlerts(ctx(config([{ name: 'teams', channel: 'teams', url: { env: 'TEAMS_URL' } }])));
    expect(d).toMatchObject({ status: 'failed', attempts: 3, httpStatus: 500, error: 'HTTP 500: {"error":"down"}' });
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up on a receiver that never answers within the per-request limit and the total budget', async () => {
    rx.server.faults.inject('google chat messages', { kind: 'hang' });
    const started = Date.now();
    const [d] = await deliverAlerts(
      ctx(
        config([{ name: 'chat', channel: 'google-chat', url: { env: 'CHAT_URL' } }], {
          retries: 5,
          totalTimeoutSeconds: 2,
        }),
        { http: {} },
      ),
    );
    expect(d).toMatchObject({ status: 'failed' });
    expect(d!.error).toMatch(/^no answer within [\d.]+ s; .*delivery time budget/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('names an unset secret reference and goes on with the other routes', async () => {
    const out = await deliverAlerts(
      ctx(
        config([
          { name: 'missing', channel: 'slack', url: { env: 'NOT_SET' } },
          { name: 'slack', channel: 'slack', url: { env: 'SLACK_URL' } },
        ]),
      ),
    );
    expect(out.map((d) => [d.route, d.status, d.error])).toEqual([
      ['missing', 'failed', 'alerts.routes[missing].url: environment variable NOT_SET is not set'],
      ['slack', 'delivered', undefined],
    ]);
  });

  it('threads later Slack messages under the first one, whose ts it keeps as a record', async () => {
    const records = memoryRecords();
    const route = {
      name: 'threaded',
      channel: 'slack',
      token: { env: 'SLACK_BOT' },
      slackChannel: rx.slack.channel,
      slackApiUrl: rx.slack.apiUrl,
    };
    const first = await deliverAlerts(ctx(config([route]), { records }));
    const second = await deliverAlerts(ctx(config([route]), { records, runId: '20261207T100000Z-def456' }));
    expect([first[0]!.status, second[0]!.status]).toEqual(['delivered', 'delivered']);
    const threads = await records.list(SLACK_THREAD_RECORD);
    expect(threads).toHaveLength(1);
    const [a, b] = rx.state.of('slack').map((r) => r.body as { thread_ts?: string });
    expect(a!.thread_ts).toBeUndefined();
    expect(b!.thread_ts).toBe((threads[0]!.data as { ts: string }).ts);
  });

  it('keeps the webhook URLs and tokens out of every outcome', async () => {
    rx.server.faults.inject('slack webhook', {
      kind: 'status',
      status: 403,
      text: `invalid_token ${rx.slack.webhookUrl}`,
    });
    const out = await deliverAlerts(
      ctx(config([{ name: 'slack', channel: 'slack', url: { env: 'SLACK_URL' } }]), {
        mask: (t) => t.split(rx.slack.webhookUrl).join('[REDACTED]'),
      }),
    );
    expect(JSON.stringify(out)).not.toContain(rx.slack.webhookUrl);
    expect(out[0]!.error).toContain('[REDACTED]');
  });
});

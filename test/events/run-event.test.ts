import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runEvent } from '../../src/events/run-event.js';
import { checkRegistry } from '../../checks/index.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { startReceivers, type SimReceivers } from '../../sim/receivers/receivers-sim.js';
import { tempStore, type TempStore } from '../support/sim-run.js';
import { UsageError } from '../../src/errors.js';
import {
  adminPolicyAttached,
  breakGlassAssumed,
  rootConsoleSignIn,
  SESSION_KEY_ID,
  SESSION_SECRET,
  SESSION_TOKEN,
  userCreated,
} from './eventbridge-fixtures.js';

const log = pino({ level: 'silent' });

describe('event mode: one EventBridge event, judged and stored at once', () => {
  let rx: SimReceivers;
  let t: TempStore;
  let config: ReturnType<typeof parseConfig>;
  const deps = () => ({ checks: checkRegistry(), store: t.store, log, toolVersion: 'test' });

  beforeAll(async () => {
    rx = await startReceivers('events');
    t = await tempStore();
    config = parseConfig(
      `version: 1
sources:
  aws:
    cloudtrail: { breakGlassRoles: [BreakGlass] }
alerts:
  routes:
    - { name: secops, channel: slack, url: { env: SLACK_URL } }
tickets:
  system: github
  github: { baseUrl: ${rx.github.baseUrl}, token: { env: ISSUES_TOKEN }, repository: ${rx.github.repository} }
`,
      'assay.yaml',
      { SLACK_URL: rx.slack.webhookUrl, ISSUES_TOKEN: rx.github.token },
    );
  });
  afterAll(async () => {
    await rx.stop();
    await t.cleanup();
  });

  it('a break-glass AssumeRole fails its check, alerts, opens an Emergency Access ticket, and is stored as an event run', async () => {
    const r = await runEvent(config, breakGlassAssumed, deps());
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.manifest.mode).toBe('event');
    expect(r.findings.map((f) => `${f.checkId}:${f.status}`)).toEqual([
      'aws-cloudtrail-event-break-glass-role-assumed:fail',
    ]);
    expect(r.findings[0]!.message).toBe(
      'Break-glass role arn:aws:iam::111122223333:role/BreakGlass was assumed by arn:aws:iam::111122223333:user/ops-oncall from 203.0.113.7 at 2026-12-07T08:00:00.000Z (session incident-4711).',
    );
    expect(r.manifest.deliveries?.map((d) => `${d.kind}:${d.route}:${d.status}`)).toEqual([
      'alert:secops:delivered',
      'ticket:break-glass:delivered',
    ]);
    expect(rx.state.of('slack')[0]!.raw).toContain('assay event');
    expect(rx.state.tickets.github[0]!.labels).toContain('Emergency Access');
    expect(rx.state.tickets.github[0]!.description).toContain('incident-4711');
  });

  it('a root console sign-in without MFA fails both sign-in checks', async () => {
    const r = await runEvent(config, rootConsoleSignIn, deps());
    if ('skipped' in r) throw new Error(r.skipped);
    expect(
      r.findings
        .filter((f) => f.status === 'fail')
        .map((f) => f.checkId)
        .sort(),
    ).toEqual(['aws-cloudtrail-event-console-login-without-mfa', 'aws-cloudtrail-event-root-console-login']);
  });

  it('an admin grant with no scheduled IAM snapshot to judge it by is an error naming the missing data, never a pass', async () => {
    const r = await runEvent(config, adminPolicyAttached, deps());
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.findings.map((f) => f.status)).toEqual(['error']);
    expect(r.findings[0]!.message).toMatch(/^Could not evaluate: aws-iam failed/);
  });

  it('an event no check reads stores nothing; a malformed one is a usage error naming the field', async () => {
    const before = (await t.store.listRuns()).length;
    expect(await runEvent(config, userCreated, deps())).toEqual({ skipped: 'no event check reads CreateUser' });
    expect((await t.store.listRuns()).length).toBe(before);
    await expect(runEvent(config, { ...breakGlassAssumed, account: 'x' }, deps())).rejects.toThrow(UsageError);
    await expect(runEvent(config, { ...breakGlassAssumed, account: 'x' }, deps())).rejects.toThrow(
      /^EventBridge event: account: /,
    );
  });

  it('chains the event runs, verifies, and keeps the session credentials out of the store', async () => {
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 3 });
    const files = (await readdir(t.dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    const text = (
      await Promise.all(
        files.map(async (f) => {
          const b = await readFile(path.join(f.parentPath, f.name));
          return f.name.endsWith('.gz') ? gunzipSync(b).toString('utf8') : b.toString('utf8');
        }),
      )
    ).join('\n');
    expect(text).toContain('incident-4711');
    for (const s of [SESSION_KEY_ID, SESSION_TOKEN, SESSION_SECRET, rx.slack.webhookUrl, rx.github.token])
      expect(text).not.toContain(s);
    expect(rx.state.allText()).not.toContain(SESSION_TOKEN);
  });
});

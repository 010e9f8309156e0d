import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runEvent } from '../../src/events/run-event.js';
import { claimEvent, EventInProgressError } from '../../src/events/event-claim.js';
import { checkRegistry } from '../../checks/index.js';
import { createHandler } from '../../src/lambda.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { acquireRunLock, RunLockedError } from '../../src/evidence/run-lock.js';
import { FsLockBackend } from '../../src/evidence/fs-run-lock.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { startReceivers, type SimReceivers } from '../../sim/receivers/receivers-sim.js';
import { tempStore, type TempStore } from '../support/sim-run.js';
import { breakGlassAssumed, loggingStopped, rootConsoleSignIn } from './eventbridge-fixtures.js';

const log = pino({ level: 'silent' });
const eventIdOf = (e: { detail: Record<string, unknown> }) => String(e.detail.eventID);

describe('EventBridge delivers at least once: one event, one event run, one alert', () => {
  let rx: SimReceivers;
  let t: TempStore;
  let config: ReturnType<typeof parseConfig>;
  const deps = (store = t.store) => ({ checks: checkRegistry(), store, log, toolVersion: 'test' });

  beforeAll(async () => {
    rx = await startReceivers('redelivery');
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

  it('a redelivered event (same id) is skipped: no second event run, alert or ticket', async () => {
    const first = await runEvent(config, breakGlassAssumed, deps());
    if ('skipped' in first) throw new Error(first.skipped);
    expect(rx.state.of('slack')).toHaveLength(1);
    expect(rx.state.tickets.github).toHaveLength(1);
    // The event run has the report an alert links to, with its deliveries.
    const report = Buffer.from(await t.store.readArtifact(first.runId, 'report.html')).toString('utf8');
    expect(report).toContain('aws-cloudtrail-event-break-glass-role-assumed');
    expect(report).toContain('<td>secops</td><td>slack</td><td>1 change in one message</td><td>delivered</td>');
    expect(report).not.toContain(rx.slack.webhookUrl);

    const again = await runEvent(config, structuredClone(breakGlassAssumed), deps());
    expect(again).toEqual({
      skipped: `event ${eventIdOf(breakGlassAssumed)} was already stored by event run ${first.runId}`,
    });
    expect((await t.store.listRuns()).map((m) => m.runId)).toEqual([first.runId]);
    expect(rx.state.of('slack')).toHaveLength(1);
    expect(rx.state.tickets.github).toHaveLength(1);
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 1 });
  });

  it('the same event judged elsewhere right now: this attempt waits, then takes it over once that claim is stale', async () => {
    let clock = Date.now();
    const slept: number[] = [];
    const fake = new EvidenceStore(t.blobs, {
      now: () => new Date(clock),
      sleep: (ms) => {
        slept.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    });
    const id = eventIdOf(loggingStopped);
    const other = { eventId: id, envelopeId: 'other', runId: 'other-run', claimedAt: new Date(clock).toISOString() };
    expect((await claimEvent(t.blobs, other, { staleAfterMs: 300_000, now: () => new Date(clock) })).kind).toBe(
      'claimed',
    );
    // Not asked to wait, an attempt fails visibly, naming the event and the run judging it.
    await expect(
      claimEvent(t.blobs, { ...other, runId: 'x' }, { staleAfterMs: 300_000, now: () => new Date(clock) }),
    ).rejects.toThrow(
      new RegExp(`^event ${id} \\(EventBridge id other\\) is being judged by event run other-run since `),
    );
    await expect(
      claimEvent(t.blobs, { ...other, runId: 'x' }, { staleAfterMs: 300_000, now: () => new Date(clock) }),
    ).rejects.toThrow(EventInProgressError);

    // The other attempt died: this one waits until its claim is stale (5 minutes of polls), then judges the event.
    const r = await runEvent(config, loggingStopped, deps(fake));
    if ('skipped' in r) throw new Error(r.skipped);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(slept.every((ms) => ms <= 5000)).toBe(true);
    expect(r.findings.map((f) => `${f.checkId}:${f.status}`)).toEqual(['aws-cloudtrail-event-logging-tampered:fail']);
    expect(await runEvent(config, loggingStopped, deps(fake))).toEqual({
      skipped: `event ${id} was already stored by event run ${r.runId}`,
    });
  });

  it('a duplicate judged at once waits for the other attempt; when that one fails, it judges the event itself', async () => {
    const id = eventIdOf(rootConsoleSignIn);
    const other = await claimEvent(
      t.blobs,
      { eventId: id, envelopeId: 'x', runId: 'failing-run', claimedAt: new Date().toISOString() },
      { staleAfterMs: 300_000, now: () => new Date() },
    );
    if (other.kind !== 'claimed') throw new Error(other.kind);
    let waits = 0;
    const store = new EvidenceStore(t.blobs, {
      sleep: async () => {
        // The other attempt fails in-process meanwhile and releases its claim.
        if (++waits === 1) await other.release();
      },
    });
    const r = await runEvent(config, rootConsoleSignIn, deps(store));
    expect('runId' in r).toBe(true);
    expect(waits).toBe(1);
    expect(await verifyEvidence(t.blobs)).toMatchObject({ ok: true, runs: 3 });
  });
});

describe('an event while a scheduled run holds the run lock', () => {
  let t: TempStore;
  beforeAll(async () => {
    t = await tempStore();
  });
  afterAll(() => t.cleanup());

  it('is stored by the Lambda, not turned away; its redelivery is skipped', async () => {
    const file = path.join(t.dir, 'assay.yaml');
    await writeFile(
      file,
      `version: 1
log: { level: silent }
evidence: { path: ./store }
sources:
  aws:
    cloudtrail: { breakGlassRoles: [BreakGlass] }
`,
    );
    const dir = path.join(t.dir, 'store');
    await mkdir(dir);
    const scheduled = await acquireRunLock(new FsLockBackend(dir), { staleAfterMs: 600_000 });
    // A second scheduled run is refused while the lock is held…
    await expect(acquireRunLock(new FsLockBackend(dir), { staleAfterMs: 600_000 })).rejects.toThrow(RunLockedError);
    // …an event run is not: it collects nothing, and its sequence claim orders it in the chain.
    const handler = createHandler({ env: { ASSAY_CONFIG: file } });
    const out = (await handler(loggingStopped)) as { runId: string; sequence: number; summary: { fail: number } };
    expect(out).toMatchObject({ sequence: 1, summary: { fail: 1 } });
    expect(await handler(loggingStopped)).toEqual({
      skipped: `event ${eventIdOf(loggingStopped)} was already stored by event run ${out.runId}`,
    });
    await scheduled.release();
  });
});

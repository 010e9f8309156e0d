import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { runEvent } from '../../src/events/run-event.js';
import { checkRegistry } from '../../checks/index.js';
import { syncTickets, TICKET_LINK_RECORD, type TicketLink } from '../../src/tickets/sync-tickets.js';
import { openTicketSystem } from '../../src/tickets/open-ticket-system.js';
import { AttestationDataSchema, ATTESTATION_RECORD_TYPE } from '../../src/model/attestation.js';
import { startReceivers, type SimReceivers } from '../../sim/receivers/receivers-sim.js';
import { tempStore, type TempStore } from '../support/sim-run.js';
import { breakGlassAssumed, rootConsoleSignIn } from '../events/eventbridge-fixtures.js';

const log = pino({ level: 'silent' });

describe('a break-glass review ticket closed by its reviewer is the review attestation', () => {
  let rx: SimReceivers;
  let t: TempStore;
  let config: ReturnType<typeof parseConfig>;
  const deps = () => ({ checks: checkRegistry(), store: t.store, log, toolVersion: 'test' });
  const sync = (runId: string, resolvedKeys: ReadonlySet<string> = new Set()) =>
    syncTickets({
      config: config.tickets!,
      system: openTicketSystem(config.tickets!, () => rx.github.token, {
        timeoutMs: 2000,
        retries: 0,
        deadline: Date.now() + 20_000,
      }),
      records: t.store.records,
      findings: [],
      resolvedKeys,
      runId,
    });

  beforeAll(async () => {
    rx = await startReceivers('break-glass-review');
    t = await tempStore();
    config = parseConfig(
      `version: 1
sources:
  aws:
    cloudtrail: { breakGlassRoles: [BreakGlass] }
tickets:
  system: github
  github: { baseUrl: ${rx.github.baseUrl}, token: { env: ISSUES_TOKEN }, repository: ${rx.github.repository} }
`,
      'assay.yaml',
      { ISSUES_TOKEN: rx.github.token },
    );
  });
  afterAll(async () => {
    await rx.stop();
    await t.cleanup();
  });

  it('assay never closes it, even once the event has left the read window', async () => {
    const r = await runEvent(config, breakGlassAssumed, deps());
    if ('skipped' in r) throw new Error(r.skipped);
    expect(rx.state.tickets.github).toHaveLength(1);
    // A scheduled run whose window no longer holds the event resolves the finding: the ticket stays open.
    const key = r.findings[0]!.key;
    const out = await sync('scheduled-1', new Set([key]));
    expect(out).toEqual([]);
    expect(rx.state.tickets.github[0]!.state).toBe('open');
    expect(await t.store.records.list(ATTESTATION_RECORD_TYPE)).toEqual([]);
  });

  it('once a person closes it, the next run records a break-glass-review attestation naming the use and the ticket', async () => {
    rx.state.tickets.github[0]!.state = 'closed';
    const r = await runEvent(config, rootConsoleSignIn, deps());
    if ('skipped' in r) throw new Error(r.skipped);
    const url = `${rx.github.baseUrl}/${rx.github.repository}/issues/1`;
    expect(r.manifest.deliveries).toContainEqual({
      kind: 'ticket',
      route: 'break-glass',
      channel: 'github',
      status: 'delivered',
      attempts: 1,
      ticket: {
        key: expect.stringMatching(/^aws-cloudtrail-event-break-glass-role-assumed\|/),
        action: 'reviewed',
        id: '1',
        url,
      },
    });
    const [attestation, ...more] = await t.store.records.list(ATTESTATION_RECORD_TYPE);
    expect(more).toEqual([]);
    // The CloudTrail event id: what the attestations derivation matches a break-glass use by (break-glass-uses.ts).
    const ref = String(breakGlassAssumed.detail.eventID);
    expect(AttestationDataSchema.parse(attestation!.data)).toEqual({
      kind: 'break-glass-review',
      ref,
      ticket: url,
      note: `Review ticket 1 closed in github; seen by assay run ${r.runId}.`,
    });
    expect(attestation!.by).toBe('github ticket 1');
  });

  it('a reviewed ticket is neither asked about again nor reopened', async () => {
    const before = rx.state.of('github-issues').length;
    expect(await sync('scheduled-2')).toEqual([]);
    expect(rx.state.of('github-issues')).toHaveLength(before);
    expect(rx.state.tickets.github[0]!.state).toBe('closed');
    const id = String(breakGlassAssumed.detail.eventID);
    const links = (await t.store.records.list(TICKET_LINK_RECORD)).map((l) => l.data as TicketLink);
    expect(links.filter((l) => l.kind === 'break-glass').map((l) => `${l.action}:${l.ref}`)).toEqual([
      `created:${id}`,
      `reviewed:${id}`,
    ]);
  });
});

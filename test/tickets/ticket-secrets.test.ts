import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncTickets } from '../../src/tickets/sync-tickets.js';
import { openTicketSystem } from '../../src/tickets/open-ticket-system.js';
import { TicketsConfigSchema, type TicketsConfig } from '../../src/model/config/tickets-config.js';
import { startReceivers, type SimReceivers } from '../../sim/receivers/receivers-sim.js';
import { canaryStrings, secretCanaries } from '../../sim/secret-plants.js';
import { finding } from '../alerts/finding-fixture.js';
import { memoryRecords } from './memory-records.js';

const canaries = secretCanaries('tickets');
// A vendor's words quoted in a finding: the planted credentials must not reach a ticket, a comment or a record.
const leaky = (status: 'fail' | 'pass') =>
  finding({
    id: 'leaky',
    checkId: 'github-secret-alerts-within-sla',
    severity: 'critical',
    status,
    message: `Error: ${canaries.githubToken} ${canaries.awsAccessKeyId}:${canaries.awsSecretAccessKey} {"password":"${canaries.password}"} ${canaries.privateKey}`,
    observed: { eventId: canaries.githubToken },
  });

describe.each(['linear', 'jira', 'github'] as const)('no planted secret reaches %s', (system) => {
  let rx: SimReceivers;
  let cfg: TicketsConfig;
  const records = memoryRecords();
  beforeAll(async () => {
    rx = await startReceivers(`secrets-${system}`);
    cfg = TicketsConfigSchema.parse({
      system,
      linear: { apiUrl: rx.linear.apiUrl, apiKey: { env: 'T' }, teamId: rx.linear.teamId },
      jira: { baseUrl: rx.jira.baseUrl, email: rx.jira.email, apiToken: { env: 'T' }, projectKey: rx.jira.projectKey },
      github: { baseUrl: rx.github.baseUrl, token: { env: 'T' }, repository: rx.github.repository },
    });
  });
  afterAll(() => rx.stop());

  it('in the ticket, its close and reopen comments, or the link records', async () => {
    const token = system === 'linear' ? rx.linear.apiKey : system === 'jira' ? rx.jira.apiToken : rx.github.token;
    const run = (runId: string, status: 'fail' | 'pass') =>
      syncTickets({
        config: cfg,
        system: openTicketSystem(cfg, () => token, { timeoutMs: 2000, retries: 0, deadline: Date.now() + 20_000 }),
        records,
        findings: [leaky(status)],
        resolvedKeys: new Set(),
        runId,
      });
    expect((await run('r1', 'fail')).map((d) => d.ticket?.action)).toEqual(['created']);
    expect((await run('r2', 'pass')).map((d) => d.ticket?.action)).toEqual(['closed']);
    expect((await run('r3', 'fail')).map((d) => d.ticket?.action)).toEqual(['reopened']);
    expect(rx.state.received.flatMap((r) => r.problems)).toEqual([]);
    const sent = [rx.state.allText(), JSON.stringify(records.all)].join('\n');
    expect(canaryStrings(canaries).filter((s) => sent.includes(s))).toEqual([]);
    expect(sent).not.toContain(token);
    expect(rx.state.tickets[system][0]!.description).toContain('[REDACTED]');
  });
});

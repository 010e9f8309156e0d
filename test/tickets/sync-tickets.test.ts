import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncTickets, TICKET_LINK_RECORD } from '../../src/tickets/sync-tickets.js';
import { openTicketSystem } from '../../src/tickets/open-ticket-system.js';
import { TicketsConfigSchema } from '../../src/model/config/tickets-config.js';
import { startReceivers, type SimReceivers } from '../../sim/receivers/receivers-sim.js';
import type { Finding } from '../../src/model/finding.js';
import { memoryRecords } from './memory-records.js';
import { finding } from '../alerts/finding-fixture.js';

const critical = (status: Finding['status']) =>
  finding({
    id: 'root',
    checkId: 'aws-iam-root-no-access-keys',
    severity: 'critical',
    status,
    scope: { kind: 'aws-account', id: '111122223333' },
    message:
      status === 'pass'
        ? 'The root user has no access key.'
        : 'The root user has an active access key AKIA…1234 (key id only).',
  });
const breakGlass = finding({
  id: 'evt-1',
  checkId: 'aws-cloudtrail-event-break-glass-role-assumed',
  severity: 'high',
  scope: { kind: 'aws-account', id: '111122223333', name: 'prod' },
  resource: { type: 'aws-cloudtrail-event', id: 'evt-1', name: 'AssumeRole' },
  message: 'Break-glass role arn:aws:iam::111122223333:role/BreakGlass was assumed.',
  observed: {
    eventId: 'evt-1',
    eventName: 'AssumeRole',
    eventTime: '2026-12-07T08:00:00.000Z',
    awsRegion: 'us-east-1',
    actor: { arn: 'arn:aws:iam::111122223333:user/ops' },
    sourceIPAddress: '203.0.113.7',
    roleArn: 'arn:aws:iam::111122223333:role/BreakGlass',
    roleSessionName: 'incident-42',
  },
});
const departed = (id: string, resource: string) =>
  finding({
    id: resource,
    checkId: 'people-offboarding-access-revoked',
    severity: 'high',
    message: `${resource} is still active.`,
    observed: { person: { id, name: 'Dana Departed' } },
    resource: { type: 'account', id: resource },
  });

const systems = ['linear', 'jira', 'github'] as const;

describe.each(systems)('tickets in %s across runs', (system) => {
  let rx: SimReceivers;
  const records = memoryRecords();
  let cfg: ReturnType<typeof TicketsConfigSchema.parse>;
  const env: Record<string, string> = {};
  const run = (runId: string, findings: Finding[], resolvedKeys: string[] = []) =>
    syncTickets({
      config: cfg,
      system: openTicketSystem(cfg, (ref) => env[ref.env]!, {
        timeoutMs: 2000,
        retries: 1,
        deadline: Date.now() + 20_000,
      }),
      records,
      findings,
      resolvedKeys: new Set(resolvedKeys),
      runId,
    });

  beforeAll(async () => {
    rx = await startReceivers(`tickets-${system}`);
    env.T = system === 'linear' ? rx.linear.apiKey : system === 'jira' ? rx.jira.apiToken : rx.github.token;
    cfg = TicketsConfigSchema.parse({
      system,
      linear: { apiUrl: rx.linear.apiUrl, apiKey: { env: 'T' }, teamId: rx.linear.teamId },
      jira: { baseUrl: rx.jira.baseUrl, email: rx.jira.email, apiToken: { env: 'T' }, projectKey: rx.jira.projectKey },
      github: { baseUrl: rx.github.baseUrl, token: { env: 'T' }, repository: rx.github.repository },
      assignee: system === 'github' ? 'secops-lead' : undefined,
    });
  });
  afterAll(() => rx.stop());

  it('opens one ticket per critical finding, break-glass use and departed person, valid for the vendor', async () => {
    const out = await run('run-1', [
      critical('fail'),
      breakGlass,
      departed('p-9', 'github:dana'),
      departed('p-9', 'aws:dana'),
    ]);
    expect(out.map((d) => `${d.route}:${d.status}:${d.ticket?.action}`)).toEqual([
      'break-glass:delivered:created',
      'offboarding:delivered:created',
      'critical:delivered:created',
    ]);
    expect(rx.state.received.flatMap((r) => r.problems)).toEqual([]);
    const tickets = rx.state.tickets[system];
    expect(tickets).toHaveLength(3);
    expect(tickets[0]!.title).toContain('Emergency Access');
    expect(tickets[0]!.description).toContain('incident-42');
    expect(tickets[0]!.description).toContain('203.0.113.7');
    if (system !== 'linear')
      expect(tickets[0]!.labels).toContain(system === 'jira' ? 'Emergency-Access' : 'Emergency Access');
    expect(tickets[1]!.description).toContain('github:dana');
    expect(tickets[1]!.description).toContain('aws:dana');
  });

  it('does nothing more while the failures stand, even with the link records lost', async () => {
    expect(
      await run('run-2', [critical('fail'), breakGlass, departed('p-9', 'github:dana'), departed('p-9', 'aws:dana')]),
    ).toEqual([]);
    const fresh = memoryRecords();
    const out = await syncTickets({
      config: cfg,
      system: openTicketSystem(cfg, (ref) => env[ref.env]!, {
        timeoutMs: 2000,
        retries: 1,
        deadline: Date.now() + 20_000,
      }),
      records: fresh,
      findings: [critical('fail')],
      resolvedKeys: new Set(),
      runId: 'run-2b',
    });
    expect(out.map((d) => d.ticket?.action)).toEqual(['found']);
    expect(rx.state.tickets[system]).toHaveLength(3);
  });

  it('closes with a comment once the finding passes, and reopens with a comment when it fails again', async () => {
    const t = () => rx.state.tickets[system][2]!;
    const closed = await run('run-3', [critical('pass')]);
    expect(closed.map((d) => `${d.route}:${d.ticket?.action}`)).toEqual(['critical:closed']);
    expect(t().state).toBe('closed');
    expect(t().comments.at(-1)).toContain('Resolved in assay run run-3: The root user has no access key.');
    // The break-glass and offboarding findings are missing from this run: missing data closes nothing.
    expect(rx.state.tickets[system][0]!.state).toBe('open');
    const reopened = await run('run-4', [critical('fail')]);
    expect(reopened.map((d) => `${d.route}:${d.ticket?.action}`)).toEqual(['critical:reopened']);
    expect(t().state).toBe('open');
    expect(t().comments.at(-1)).toContain('Failing again in assay run run-4');
    expect(rx.state.tickets[system]).toHaveLength(3);
    expect((await records.list(TICKET_LINK_RECORD)).map((r) => (r.data as { action: string }).action)).toEqual([
      'created',
      'created',
      'created',
      'closed',
      'reopened',
    ]);
  });

  it('records a ticket system that fails, and defers what is over the per-run limit', async () => {
    rx.server.faults.inject('*', { kind: 'status', status: 503 }, { times: 4 });
    const many = Array.from({ length: 3 }, (_, i) => finding({ id: `c${i}`, severity: 'critical' }));
    const out = await syncTickets({
      config: { ...cfg, maxChangesPerRun: 2 },
      system: openTicketSystem(cfg, (ref) => env[ref.env]!, {
        timeoutMs: 2000,
        retries: 1,
        deadline: Date.now() + 20_000,
        sleep: () => Promise.resolve(),
      }),
      records,
      findings: many,
      resolvedKeys: new Set(),
      runId: 'run-5',
    });
    expect(out.map((d) => d.status)).toEqual(['failed', 'failed', 'deferred']);
    expect(out[0]).toMatchObject({ attempts: 2, httpStatus: 503 });
    expect(out[0]!.error).toMatch(/503/);
  });
});

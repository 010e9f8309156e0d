import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wantedAssignee, type PeopleContext } from '../../src/tickets/ticket-assignee.js';
import { syncTickets, TICKET_LINK_RECORD, type TicketLink } from '../../src/tickets/sync-tickets.js';
import { openTicketSystem } from '../../src/tickets/open-ticket-system.js';
import { TicketsConfigSchema, type TicketsConfig } from '../../src/model/config/tickets-config.js';
import type { PeopleGraph, Person } from '../../src/model/datasets/people.js';
import type { Finding } from '../../src/model/finding.js';
import { startReceivers, type SimReceivers } from '../../sim/receivers/receivers-sim.js';
import { finding } from '../alerts/finding-fixture.js';
import { memoryRecords } from './memory-records.js';
import { LINEAR_DOCUMENTS } from '../../src/tickets/linear-tickets.js';

const person = (email: string, manager?: string): Person => ({
  email,
  state: manager ? 'suspended' : 'active',
  executiveVia: [],
  admin: [],
  ...(manager ? { manager } : {}),
});

const graph: PeopleGraph = {
  systems: [],
  persons: [
    person('dana@example.com', 'mia@example.com'),
    person('dan@example.com', 'mia@example.com'),
    person('eve@example.com', 'zed@example.com'),
    person('mia@example.com'),
    person('zed@example.com'),
  ],
  accounts: [
    {
      system: 'github',
      scope: 'acme',
      id: 'mia-gh',
      name: 'mia-gh',
      person: 'mia@example.com',
      mfa: 'on',
      access: ['org member'],
      admin: [],
    },
  ],
  conflicts: [],
  revocations: [],
  activityAfterOffboarding: [],
  offboardingSlaHours: 24,
};
const people: PeopleContext = {
  graph,
  accessReview: { periodDays: 90, reviewers: { github: 'gh-owner@example.com' }, defaultReviewer: 'ciso@example.com' },
};

const departed = (email: string, system = 'github') =>
  finding({
    id: email,
    checkId: 'people-offboarded-access',
    severity: 'high',
    resource: { type: 'person', id: `${email} ${system}/acme`, name: email },
    message: `${email} still has access in ${system}.`,
    observed: { system },
  });
const awsCritical = finding({ checkId: 'aws-iam-root-no-access-keys', severity: 'critical', id: 'root' });

describe('who a ticket is assigned to', () => {
  it('a configured user is used as is', () => {
    expect(wantedAssignee('lead-id', undefined, [awsCritical], undefined, people)).toEqual({ fallback: 'lead-id' });
    expect(wantedAssignee(undefined, 'lead-id', [awsCritical], undefined, people)).toEqual({ fallback: 'lead-id' });
    expect(wantedAssignee(undefined, undefined, [awsCritical], undefined, people)).toEqual({});
  });

  it("manager: the departed person's manager from Workspace relations, else a note and the fallback", () => {
    const f = [departed('dana@example.com')];
    expect(wantedAssignee({ from: 'manager' }, 'lead-id', f, 'dana@example.com', people)).toEqual({
      person: { email: 'mia@example.com', via: 'manager' },
      fallback: 'lead-id',
    });
    expect(wantedAssignee({ from: 'manager' }, undefined, f, 'mia@example.com', people)).toEqual({
      note: 'mia@example.com has no manager in Workspace relations',
    });
    expect(wantedAssignee({ from: 'manager', fallback: 'x' }, 'lead-id', f, 'dana@example.com', {})).toEqual({
      note: "no identity graph in this run to find dana@example.com's manager",
      fallback: 'x',
    });
    expect(wantedAssignee({ from: 'manager' }, 'lead-id', [awsCritical], undefined, people)).toEqual({
      note: 'the ticket is about no person, so no manager',
      fallback: 'lead-id',
    });
  });

  it("systemOwner: the reviewer people.accessReview names for the findings' system, else its defaultReviewer", () => {
    expect(wantedAssignee({ from: 'systemOwner' }, undefined, [departed('d@example.com')], undefined, people)).toEqual({
      person: { email: 'gh-owner@example.com', via: 'systemOwner' },
    });
    expect(wantedAssignee({ from: 'systemOwner' }, undefined, [awsCritical], undefined, people)).toEqual({
      person: { email: 'ciso@example.com', via: 'systemOwner' },
    });
    expect(wantedAssignee({ from: 'systemOwner' }, 'lead-id', [awsCritical], undefined, { graph })).toEqual({
      note: 'no people.accessReview to name a system owner',
      fallback: 'lead-id',
    });
  });
});

const systems = ['linear', 'jira', 'github'] as const;
const leadId = { linear: 'user-lead', jira: 'acct-lead', github: 'secops-lead' } as const;
const miaId = { linear: 'user-mia', jira: '5b10ac8d82e05b22cc7d4ef5', github: 'mia-gh' } as const;

describe.each(systems)('offboarding tickets in %s go to the manager', (system) => {
  let rx: SimReceivers;
  let cfg: TicketsConfig;
  const env: Record<string, string> = {};
  const records = memoryRecords();
  const sync = (runId: string, findings: Finding[], ctx: PeopleContext = people) =>
    syncTickets({
      config: cfg,
      system: openTicketSystem(cfg, (ref) => env[ref.env]!, {
        timeoutMs: 2000,
        retries: 0,
        deadline: Date.now() + 20_000,
      }),
      records,
      findings,
      resolvedKeys: new Set(),
      runId,
      people: ctx,
    });
  const assigneeOf = (title: string) => rx.state.tickets[system].find((t) => t.title.includes(title))?.assignee;
  const links = async () => (await records.list(TICKET_LINK_RECORD)).map((r) => r.data as TicketLink);

  beforeAll(async () => {
    rx = await startReceivers(`assignee-${system}`);
    rx.state.users.push(
      { email: 'mia@example.com', name: 'Mia Manager', linearId: 'user-mia', jiraAccountId: miaId.jira, active: true },
      { email: 'lead@example.com', name: 'Lee Lead', linearId: 'user-lead', jiraAccountId: 'acct-lead', active: true },
    );
    env.T = system === 'linear' ? rx.linear.apiKey : system === 'jira' ? rx.jira.apiToken : rx.github.token;
    cfg = TicketsConfigSchema.parse({
      system,
      linear: { apiUrl: rx.linear.apiUrl, apiKey: { env: 'T' }, teamId: rx.linear.teamId },
      jira: { baseUrl: rx.jira.baseUrl, email: rx.jira.email, apiToken: { env: 'T' }, projectKey: rx.jira.projectKey },
      github: { baseUrl: rx.github.baseUrl, token: { env: 'T' }, repository: rx.github.repository },
      assignee: leadId[system],
      kinds: { critical: false },
    });
  });
  afterAll(() => rx.stop());

  it("assigns each departed person's ticket to their manager, asking the tracker once per manager per run", async () => {
    const out = await sync('run-1', [departed('dana@example.com'), departed('dan@example.com')]);
    expect(out.map((d) => `${d.route}:${d.status}:${d.ticket?.action}`)).toEqual([
      'offboarding:delivered:created',
      'offboarding:delivered:created',
    ]);
    expect(rx.state.received.flatMap((r) => r.problems)).toEqual([]);
    expect(assigneeOf('dana@example.com')).toBe(miaId[system]);
    expect(assigneeOf('dan@example.com')).toBe(miaId[system]);
    // GitHub has no lookup by email: the login comes from the identity graph's links, no request at all.
    expect(rx.state.userLookups).toEqual(system === 'github' ? [] : [`${system} mia@example.com`]);
    expect((await links()).map((l) => l.assignee)).toEqual([
      { id: miaId[system], person: 'mia@example.com', via: 'manager' },
      { id: miaId[system], person: 'mia@example.com', via: 'manager' },
    ]);
  });

  it('a manager the tracker does not know falls back to the configured assignee, recorded; the run goes on', async () => {
    const out = await sync('run-2', [departed('eve@example.com')]);
    expect(out.map((d) => d.status)).toEqual(['delivered']);
    expect(assigneeOf('eve@example.com')).toBe(leadId[system]);
    expect((await links()).at(-1)!.assignee).toEqual({
      id: leadId[system],
      person: 'zed@example.com',
      via: 'manager',
      fellBack: `zed@example.com is not a user of the ticket system; assigned to ${leadId[system]}`,
    });
  });

  it('without the identity graph (an event run) the configured assignee gets the ticket', async () => {
    await sync('run-3', [departed('ann@example.com')], {});
    expect(assigneeOf('ann@example.com')).toBe(leadId[system]);
    expect((await links()).at(-1)!.assignee?.fellBack).toBe(
      `no identity graph in this run to find ann@example.com's manager; assigned to ${leadId[system]}`,
    );
  });
});

describe('Jira user search', () => {
  let rx: SimReceivers;
  let cfg: TicketsConfig;
  beforeAll(async () => {
    rx = await startReceivers('assignee-jira-search');
    cfg = TicketsConfigSchema.parse({
      system: 'jira',
      jira: { baseUrl: rx.jira.baseUrl, email: rx.jira.email, apiToken: { env: 'T' }, projectKey: rx.jira.projectKey },
      assignee: 'acct-lead',
    });
    rx.state.users.push(
      { email: 'lead@example.com', name: 'Lee Lead', linearId: 'u1', jiraAccountId: 'acct-lead', active: true },
      {
        email: 'hidden@example.com',
        name: 'Hid',
        linearId: 'u2',
        jiraAccountId: 'acct-hidden',
        active: true,
        jiraHidesEmail: true,
      },
    );
  });
  afterAll(() => rx.stop());
  const system = () =>
    openTicketSystem(cfg, () => rx.jira.apiToken, { timeoutMs: 2000, retries: 0, deadline: Date.now() + 20_000 });

  it('takes a single match whose email the profile hides; a failed search falls back, recorded', async () => {
    expect(await system().findUser!('hidden@example.com')).toBe('acct-hidden');
    expect(await system().findUser!('nobody@example.com')).toBeUndefined();
    rx.server.faults.inject('jira user search', { kind: 'status', status: 500 });
    const records = memoryRecords();
    const out = await syncTickets({
      config: cfg,
      system: system(),
      records,
      findings: [departed('dana@example.com')],
      resolvedKeys: new Set(),
      runId: 'run-1',
      people,
    });
    expect(out.map((d) => d.status)).toEqual(['delivered']);
    expect(rx.state.tickets.jira[0]!.assignee).toBe('acct-lead');
    expect(((await records.list(TICKET_LINK_RECORD))[0]!.data as TicketLink).assignee).toEqual({
      id: 'acct-lead',
      person: 'mia@example.com',
      via: 'manager',
      fellBack:
        'looking up mia@example.com failed: jira user search: HTTP 500: {"message":"Simulated 500"}; assigned to acct-lead',
    });
  });
});

describe('the receivers answer user lookups as the vendors do', () => {
  let rx: SimReceivers;
  beforeAll(async () => {
    rx = await startReceivers('assignee-shapes');
    rx.state.users.push(
      { email: 'mia@example.com', name: 'Mia', linearId: 'user-mia', jiraAccountId: 'acct-mia', active: true },
      { email: 'old@example.com', name: 'Old', linearId: 'user-old', jiraAccountId: 'acct-old', active: false },
    );
  });
  afterAll(() => rx.stop());
  const gql = (query: string, variables: Record<string, unknown>) =>
    fetch(rx.linear.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: rx.linear.apiKey },
      body: JSON.stringify({ query, variables }),
    });

  it("Linear: assay's user query validates against the schema, a field Linear lacks does not; deactivated users are left out", async () => {
    const ok = await gql(LINEAR_DOCUMENTS.user, { email: 'mia@example.com' });
    expect(await ok.json()).toEqual({ data: { users: { nodes: [{ id: 'user-mia', active: true }] } } });
    expect(await (await gql(LINEAR_DOCUMENTS.user, { email: 'old@example.com' })).json()).toEqual({
      data: { users: { nodes: [] } },
    });
    const bad = await gql('query { users(filter: { emailAddress: { eq: "x" } }) { nodes { id } } }', {});
    expect(bad.status).toBe(400);
    expect(rx.state.received.at(-1)!.problems[0]).toMatch(/emailAddress/);
  });

  it('Jira: user search needs a query; an unassignable accountId is refused on create', async () => {
    const auth = `Basic ${Buffer.from(`${rx.jira.email}:${rx.jira.apiToken}`).toString('base64')}`;
    const none = await fetch(`${rx.jira.baseUrl}/rest/api/3/user/search`, { headers: { authorization: auth } });
    expect(none.status).toBe(400);
    const found = await fetch(`${rx.jira.baseUrl}/rest/api/3/user/search?query=mia%40example.com`, {
      headers: { authorization: auth },
    });
    expect(await found.json()).toMatchObject([{ accountId: 'acct-mia', accountType: 'atlassian', active: true }]);
    const create = await fetch(`${rx.jira.baseUrl}/rest/api/3/issue`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        fields: {
          project: { key: rx.jira.projectKey },
          issuetype: { name: 'Task' },
          summary: 's',
          description: { type: 'doc', version: 1, content: [] },
          assignee: { accountId: 'acct-old' },
        },
      }),
    });
    expect(create.status).toBe(400);
    expect(await create.json()).toEqual({
      errorMessages: [],
      errors: { assignee: "User 'acct-old' cannot be assigned issues." },
    });
  });
});

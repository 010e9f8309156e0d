import type { Logger } from 'pino';
import type { Finding } from '../model/finding.js';
import type { TicketsConfig } from '../model/config/tickets-config.js';
import type { Delivery } from '../model/run.js';
import type { RecordStore } from '../evidence/record-store.js';
import { describeBody } from '../alerts/http-send.js';
import { redactSecrets } from '../logging/redact.js';
import { ticketIntents, type IntentOptions, type TicketIntent } from './ticket-intents.js';
import { TicketCallError, type TicketRef, type TicketSystem } from './ticket-system.js';
import { recordBreakGlassReviews } from './break-glass-review.js';
import { AssigneeDirectory, githubLoginOf, type AssigneeOutcome } from './ticket-assignee.js';

/** The finding → ticket mapping, one record per change; the newest record of a key is where its ticket stands. */
export const TICKET_LINK_RECORD = 'ticket-link';

export interface TicketLink {
  key: string;
  kind: string;
  system: string;
  ticket: TicketRef;
  findingKeys: string[];
  /** `reviewed`: a break-glass review ticket a person closed (recorded as the review's attestation). */
  action: 'created' | 'found' | 'reopened' | 'closed' | 'reviewed';
  runId: string;
  /** Break-glass: the CloudTrail event id its review answers. */
  ref?: string;
  /** At creation: who it was assigned to, the person wanted, and why it fell back if it did. */
  assignee?: AssigneeOutcome;
}

export interface TicketSyncContext extends IntentOptions {
  config: TicketsConfig;
  system: TicketSystem;
  records: Pick<RecordStore, 'append' | 'list'>;
  findings: readonly Finding[];
  /** Keys a resolved change names whose resource is gone (evaluated, not missing data). */
  resolvedKeys: ReadonlySet<string>;
  log?: Logger;
}

type Action = {
  intent?: TicketIntent;
  link?: TicketLink;
  do: 'create' | 'reopen' | 'close';
  key: string;
  kind: string;
};

/**
 * Tickets follow the findings' state, so a run that could not reach the ticket system loses nothing: the next one
 * does what is left. A ticket is opened once per key (the link records, and failing those the marker label, find it
 * again), reopened with a comment when its finding fails again, and closed with a comment once every finding it
 * covers passes (or, for a critical one, is excepted). A key whose finding is missing or erroring is left alone.
 * At most `maxChangesPerRun` changes; the rest are recorded as deferred.
 */
export async function syncTickets(ctx: TicketSyncContext): Promise<Delivery[]> {
  const { config, system, records } = ctx;
  const links = new Map<string, TicketLink>();
  for (const r of await records.list(TICKET_LINK_RECORD)) {
    const l = r.data as TicketLink;
    if (l.system === system.id) links.set(l.key, l);
  }
  const byKey = new Map(ctx.findings.map((f) => [f.key, f]));
  const intents = ticketIntents(ctx.findings, config, ctx);
  const wanted = new Set(intents.map((i) => i.draft.key));
  const actions: Action[] = [];
  for (const intent of intents) {
    const link = links.get(intent.draft.key);
    if (!link) actions.push({ intent, do: 'create', key: intent.draft.key, kind: intent.kind });
    else if (link.ticket.state === 'closed' && link.action !== 'reviewed')
      actions.push({ intent, link, do: 'reopen', key: link.key, kind: intent.kind });
  }
  for (const link of links.values()) {
    // A break-glass review ticket is a person's to close (break-glass-review.ts), never assay's.
    if (link.ticket.state !== 'open' || wanted.has(link.key) || link.kind === 'break-glass') continue;
    const settled = link.findingKeys.every((k) => {
      const f = byKey.get(k);
      if (!f) return ctx.resolvedKeys.has(k);
      return f.status === 'pass' || (f.status === 'excepted' && link.kind === 'critical');
    });
    if (settled) actions.push({ link, do: 'close', key: link.key, kind: link.kind });
  }

  const users = new AssigneeDirectory(
    system.id === 'github' ? githubLoginOf(ctx.people?.graph) : system.findUser?.bind(system),
  );
  const out: Delivery[] = [];
  for (const [n, a] of actions.entries()) {
    const base = { kind: 'ticket' as const, route: a.kind, channel: system.id };
    if (n >= config.maxChangesPerRun) {
      out.push({ ...base, status: 'deferred', attempts: 0, ticket: { key: a.key, action: a.do } });
      continue;
    }
    const before = system.attempts();
    try {
      const link = await apply(a, ctx, users);
      await records.append(TICKET_LINK_RECORD, { by: 'assay', data: link });
      out.push({
        ...base,
        status: 'delivered',
        attempts: system.attempts() - before,
        ticket: {
          key: a.key,
          action: link.action,
          id: link.ticket.id,
          ...(link.ticket.url ? { url: link.ticket.url } : {}),
        },
      });
    } catch (err) {
      const error = describeBody(err instanceof Error ? err.message : String(err));
      out.push({
        ...base,
        status: 'failed',
        attempts: system.attempts() - before,
        ...(err instanceof TicketCallError && err.status !== undefined ? { httpStatus: err.status } : {}),
        error: ctx.mask ? ctx.mask(error) : error,
        ticket: { key: a.key, action: a.do },
      });
      ctx.log?.warn({ key: a.key, action: a.do, error }, 'ticket change failed');
    }
  }
  const reviews = [...links.values()].filter((l) => l.kind === 'break-glass' && l.ticket.state === 'open');
  out.push(
    ...(await recordBreakGlassReviews({
      system,
      records,
      open: reviews,
      runId: ctx.runId,
      max: config.maxChangesPerRun,
      ...(ctx.log ? { log: ctx.log } : {}),
    })),
  );
  return out;
}

async function apply(a: Action, ctx: TicketSyncContext, users: AssigneeDirectory): Promise<TicketLink> {
  const { system } = ctx;
  const link = (ticket: TicketRef, action: TicketLink['action'], intent: TicketIntent | undefined): TicketLink => ({
    key: a.key,
    kind: a.kind,
    system: system.id,
    ticket,
    findingKeys: intent?.findingKeys ?? a.link?.findingKeys ?? [],
    action,
    runId: ctx.runId,
    ...((intent?.ref ?? a.link?.ref) ? { ref: (intent?.ref ?? a.link?.ref)! } : {}),
  });
  const regressed = (i: TicketIntent) => `Failing again in assay run ${ctx.runId}: ${i.summary}`;
  switch (a.do) {
    case 'create': {
      const intent = a.intent!;
      // The link record may be missing (a run that died after creating the ticket): the marker finds the ticket.
      const found = await system.find(intent.draft.marker);
      if (!found) {
        const assignee = await users.resolve(intent.assign);
        if (assignee.fellBack)
          ctx.log?.warn({ key: a.key, ...assignee }, 'ticket assignee not found in the ticket system: fell back');
        const draft = { ...intent.draft, ...(assignee.id ? { assignee: assignee.id } : {}) };
        const created = link(await system.create(draft), 'created', intent);
        return Object.keys(assignee).length ? { ...created, assignee } : created;
      }
      if (found.state === 'open') return link(found, 'found', intent);
      return link(await system.reopen(found, regressed(intent)), 'reopened', intent);
    }
    case 'reopen':
      return link(await system.reopen(a.link!.ticket, regressed(a.intent!)), 'reopened', a.intent);
    case 'close': {
      const why = a
        .link!.findingKeys.map((k) => ctx.findings.find((f) => f.key === k)?.message)
        .filter((m): m is string => m !== undefined);
      const text = `Resolved in assay run ${ctx.runId}${why.length ? `: ${why.join(' ')}` : ' (the resource is gone).'}`;
      // A finding's message can quote what a vendor said: the secret patterns, then the run's credentials.
      const clean = redactSecrets(text);
      return link(await system.close(a.link!.ticket, ctx.mask ? ctx.mask(clean) : clean), 'closed', undefined);
    }
  }
}

import type { Logger } from 'pino';
import type { Delivery } from '../model/run.js';
import type { RecordStore } from '../evidence/record-store.js';
import { ATTESTATION_RECORD_TYPE, type AttestationData } from '../model/attestation.js';
import { describeBody } from '../alerts/http-send.js';
import { TicketCallError, ticketMarker, type TicketSystem } from './ticket-system.js';

/** The ticket-link fields this step reads and writes (sync-tickets.ts owns the type). */
interface Link {
  key: string;
  kind: string;
  system: string;
  ticket: { id: string; url?: string; state: 'open' | 'closed' };
  findingKeys: string[];
  action: string;
  runId: string;
  ref?: string;
}

/**
 * A break-glass review ticket is closed by the person who reviewed the use, never by assay (the event leaving the
 * read window is no review). Each run asks the ticket system about the open ones (one search each, at most `max`);
 * a ticket found closed becomes a `break-glass-review` attestation (ref: the CloudTrail event id, ticket: its URL), which the
 * attestation-break-glass-review check counts, and a link record marking it reviewed so it is never reopened.
 */
export async function recordBreakGlassReviews(ctx: {
  system: TicketSystem;
  records: Pick<RecordStore, 'append'>;
  open: readonly Link[];
  runId: string;
  max: number;
  log?: Logger;
}): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (const link of ctx.open.slice(0, ctx.max)) {
    const base = { kind: 'ticket' as const, route: link.kind, channel: ctx.system.id };
    const before = ctx.system.attempts();
    try {
      const now = await ctx.system.find(ticketMarker(link.key));
      if (now?.state !== 'closed') continue;
      const url = now.url ?? link.ticket.url;
      const data: AttestationData = {
        kind: 'break-glass-review',
        ref: link.ref ?? link.key,
        ...(url && /^https?:\/\//.test(url) ? { ticket: url } : {}),
        note: `Review ticket ${link.ticket.id} closed in ${ctx.system.id}; seen by assay run ${ctx.runId}.`,
      };
      await ctx.records.append(ATTESTATION_RECORD_TYPE, { by: `${ctx.system.id} ticket ${link.ticket.id}`, data });
      await ctx.records.append('ticket-link', {
        by: 'assay',
        data: { ...link, ticket: { ...link.ticket, ...now, state: 'closed' }, action: 'reviewed', runId: ctx.runId },
      });
      out.push({
        ...base,
        status: 'delivered',
        attempts: ctx.system.attempts() - before,
        ticket: { key: link.key, action: 'reviewed', id: link.ticket.id, ...(url ? { url } : {}) },
      });
    } catch (err) {
      const error = describeBody(err instanceof Error ? err.message : String(err));
      out.push({
        ...base,
        status: 'failed',
        attempts: ctx.system.attempts() - before,
        ...(err instanceof TicketCallError && err.status !== undefined ? { httpStatus: err.status } : {}),
        error,
        ticket: { key: link.key, action: 'review-check' },
      });
      ctx.log?.warn({ key: link.key, error }, 'could not tell whether a break-glass review ticket was closed');
    }
  }
  return out;
}

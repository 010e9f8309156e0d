import type { Delivery } from '../model/run.js';
import { redactSecrets } from '../logging/redact.js';
import { esc } from './html-escape.js';
import type { ReportSection } from './html-report.js';

/** What a ticket action did, in words; a reopen and a close each carry their comment. */
const TICKET_ACTION: Record<string, string> = {
  created: 'created',
  found: 'found again (already open)',
  reopened: 'reopened with a comment',
  closed: 'closed with a comment',
  create: 'create',
  reopen: 'reopen',
  close: 'close',
  reviewed: 'closed by its reviewer: review attestation recorded',
  'review-check': 'review check',
};

/** Only an http(s) URL becomes a link; anything else is shown as text. */
const link = (url: string | undefined, text: string): string =>
  url && /^https?:\/\//i.test(url) ? `<a href="${esc(url)}">${esc(text)}</a>` : esc(text);

function sent(d: Delivery): string {
  if (d.kind === 'alert') return `${d.findings ?? 0} change${d.findings === 1 ? '' : 's'} in one message`;
  if (!d.ticket) return 'ticket sync';
  const action = TICKET_ACTION[d.ticket.action] ?? d.ticket.action;
  return d.status === 'delivered' ? `ticket ${action}` : `ticket ${action} (not done)`;
}

function row(d: Delivery): string {
  const status = d.status === 'delivered' ? 'pass' : d.status === 'failed' ? 'error' : 'not_applicable';
  const ticket = d.ticket ? link(d.ticket.url, d.ticket.id ?? '-') : '-';
  const about = d.ticket ? `<br><code>${esc(redactSecrets(d.ticket.key))}</code>` : '';
  const cells = [
    esc(d.kind),
    `${esc(d.route)}${about}`,
    esc(d.channel),
    esc(sent(d)),
    esc(d.status),
    String(d.attempts),
    d.httpStatus === undefined ? '-' : String(d.httpStatus),
    d.error ? esc(redactSecrets(d.error)) : '-',
    ticket,
  ];
  return `<tr class="${status}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** One line: how many deliveries went, failed, waited; the ticket actions done. */
export function deliverySummary(deliveries: readonly Delivery[]): string {
  const n = (s: Delivery['status']) => deliveries.filter((d) => d.status === s).length;
  const actions = new Map<string, number>();
  for (const d of deliveries)
    if (d.kind === 'ticket' && d.status === 'delivered' && d.ticket)
      actions.set(d.ticket.action, (actions.get(d.ticket.action) ?? 0) + 1);
  const tickets = [...actions].map(([a, c]) => `${c} ${a}`).join(', ');
  return `${n('delivered')} delivered, ${n('failed')} failed, ${n('deferred')} deferred to the next run${tickets ? `; tickets: ${tickets}` : ''}.`;
}

/**
 * The run's alert messages and ticket changes as the manifest records them (`deliveries`): route (never its URL,
 * which is itself the credential), channel, what was sent as counts (never the content), outcome, attempts, HTTP
 * status, error, and each ticket with its link. None when the run sent nothing.
 */
export function deliverySection(deliveries: readonly Delivery[] | undefined): ReportSection[] {
  if (!deliveries?.length) return [];
  const head = ['Kind', 'Route', 'Channel', 'Sent', 'Outcome', 'Attempts', 'HTTP status', 'Error', 'Ticket'];
  return [
    {
      id: 'deliveries',
      title: 'Deliveries',
      html: `<p>${esc(deliverySummary(deliveries))} A failed delivery never fails the run; tickets follow the findings, so the next run does what is left.</p>
<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${deliveries.map(row).join('\n')}</tbody></table>`,
    },
  ];
}

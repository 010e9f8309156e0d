import type { ReceiverState } from '../../sim/receivers/receiver-state.js';
import { terminalSafeLines } from '../logging/terminal-safe.js';

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The first lines a person would see of each message, per channel. */
function firstLines(receiver: string, body: unknown): string[] {
  const b = obj(body);
  switch (receiver) {
    case 'slack':
      return arr(b.blocks)
        .slice(1, 3)
        .map((x) =>
          str(obj(obj(x).text).text)
            .split('\n')
            .slice(0, 2)
            .join(' — ')
            .replace(/[*`]/g, ''),
        );
    case 'teams': {
      const card = obj(obj(arr(b.attachments)[0]).content);
      return arr(card.body)
        .slice(1, 3)
        .map((c) =>
          arr(obj(c).items)
            .slice(0, 2)
            .map((i) => str(obj(i).text))
            .join(' — '),
        );
    }
    case 'google-chat':
      return arr(obj(obj(arr(b.cardsV2)[0]).card).sections)
        .slice(0, 2)
        .map((s) => `${str(obj(s).header)} — ${str(obj(obj(arr(obj(s).widgets)[0]).decoratedText).text)}`);
    case 'webhook':
      return [`signed (X-Assay-Signature), ${arr(b.items).length} changes listed, ${String(b.more)} more`];
    default:
      return [];
  }
}

/** A compact view of what the demo's alerts and tickets looked like on arrival: a few lines per receiver. */
export function receiverSummary(state: ReceiverState): string {
  const lines = ['Alerts and tickets, as the local receivers got them:'];
  for (const receiver of ['slack', 'teams', 'google-chat', 'webhook']) {
    const got = state.of(receiver);
    const bad = got.filter((r) => r.problems.length > 0).length;
    const headline = str(obj(got[0]?.body).text) || str(obj(got[0]?.body).headline);
    lines.push(
      `  ${receiver.padEnd(12)} ${got.length} message${got.length === 1 ? '' : 's'}${bad ? ` (${bad} refused)` : ''}${headline ? `: ${headline}` : ''}`,
    );
    for (const l of got.flatMap((r) => firstLines(receiver, r.body)).slice(0, 2))
      lines.push(`  ${''.padEnd(12)}   ${clip(l, 110)}`);
  }
  const tickets = state.tickets.linear;
  lines.push(
    `  ${'linear'.padEnd(12)} ${tickets.length} ticket${tickets.length === 1 ? '' : 's'} (${tickets.filter((t) => t.state === 'open').length} open)`,
  );
  // Linear assigns by user id; the demo names the person (the leaver's manager, found by email).
  const who = (id: string) => state.users.find((u) => u.linearId === id)?.email ?? id;
  for (const t of tickets.slice(0, 4))
    lines.push(`  ${''.padEnd(12)}   ${t.key} ${clip(t.title, 90)}${t.assignee ? ` → ${who(t.assignee)}` : ''}`);
  if (tickets.length > 4) lines.push(`  ${''.padEnd(12)}   and ${tickets.length - 4} more`);
  const lookups = state.userLookups.length;
  if (lookups) lines.push(`  ${''.padEnd(12)}   ${lookups} assignee lookup${lookups === 1 ? '' : 's'} by email`);
  return terminalSafeLines(lines.join('\n'));
}

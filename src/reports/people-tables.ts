import type { PeopleGraph, Person } from '../model/datasets/people.js';
import type { Snapshot } from '../model/snapshot.js';
import { ACCOUNT_SYSTEMS, accountsOf, hoursBetween, SYSTEM_LABEL } from '../model/people/graph-findings.js';
import { esc } from './html-escape.js';
import type { ReportSection } from './html-report.js';

/** The executives table (every system per executive) and the offboarding table (time to revoke per system). */

export interface PeopleTable {
  title: string;
  head: string[];
  rows: string[][];
}

const MFA_TEXT: Record<string, string> = {
  on: 'second factor on',
  off: 'NO second factor',
  'sms-only': 'SMS only',
  unknown: 'unknown',
  'workspace-2sv': 'via Workspace 2SV',
  'not-needed': 'no console password',
};

/** The identity graph of a run, from its snapshots (the people derivation's organization snapshot). */
export const peopleGraphOf = (snapshots: readonly Snapshot[]): PeopleGraph | undefined =>
  snapshots.find((s) => s.collector === 'people')?.data['people.graph'] as PeopleGraph | undefined;

const workspace2sv = (p: Person): string =>
  p.enrolledIn2Sv === undefined
    ? 'unknown'
    : p.enrolledIn2Sv && p.enforcedIn2Sv
      ? '2SV enforced'
      : p.enrolledIn2Sv
        ? '2SV not enforced'
        : 'NO 2SV';

export function executivesTable(graph: PeopleGraph): PeopleTable {
  const unread = (system: string) => graph.systems.some((s) => s.system === system && s.failures.length > 0);
  return {
    title: 'Executives across systems',
    head: ['Executive', 'Google Workspace', ...ACCOUNT_SYSTEMS.map((s) => SYSTEM_LABEL[s])],
    rows: graph.persons
      .filter((p) => p.executiveVia.length > 0)
      .map((p) => [
        `${p.email}${p.state === 'active' ? '' : ` (${p.state})`}`,
        workspace2sv(p),
        ...ACCOUNT_SYSTEMS.map((system) => {
          const accounts = accountsOf(graph, p.email).filter((a) => a.system === system);
          const text = accounts.map((a) => `${a.name}: ${MFA_TEXT[a.mfa] ?? a.mfa}`).join(', ');
          return unread(system) ? `${text ? `${text}; ` : ''}NOT READ` : text || '-';
        }),
      ]),
  };
}

export function offboardingTable(graph: PeopleGraph, now: Date): PeopleTable {
  const sla = graph.offboardingSlaHours;
  const rows = graph.revocations.map((r) => {
    const hours = hoursBetween(r.offboardedAt, r.revokedAt ?? now);
    const status = r.revokedAt
      ? `revoked after ${hours} h${hours > sla ? ' (over SLA)' : ''}`
      : `STILL LIVE after ${hours} h${hours > sla ? ' (over SLA)' : ''}`;
    return [
      r.person,
      `${SYSTEM_LABEL[r.system]} ${r.scope}`,
      r.name,
      `${r.offboardedAt} (${r.offboardingSource === 'admin-event' ? 'admin event' : 'first run'})`,
      status,
    ];
  });
  return {
    title: `Offboarding: time to revoke (SLA ${sla} h)`,
    head: ['Person', 'System', 'Account', 'Offboarded', 'Access'],
    rows,
  };
}

/** Fixed-width text for a terminal. */
export function renderTableText(t: PeopleTable): string {
  if (t.rows.length === 0) return `${t.title}: none`;
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [t.title, line(t.head), line(widths.map((w) => '-'.repeat(w))), ...t.rows.map(line)].join('\n');
}

const tableHtml = (t: PeopleTable): string =>
  t.rows.length === 0
    ? '<p>None.</p>'
    : `<table><thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;

/** The two tables as report sections; none without a graph. */
export function peopleSections(snapshots: readonly Snapshot[], now: Date): ReportSection[] {
  const graph = peopleGraphOf(snapshots);
  if (!graph) return [];
  const tables = [executivesTable(graph), offboardingTable(graph, now)];
  return tables.map((t, i) => ({
    id: i === 0 ? 'people-executives' : 'people-offboarding',
    title: t.title,
    html: tableHtml(t),
  }));
}

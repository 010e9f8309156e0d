import type { CampaignData, ReviewItem } from '../model/datasets/access-review.js';

/** The columns reviewers get and send back: `assay access-review record` reads campaign, item and the last four. */
export const CAMPAIGN_COLUMNS = [
  'campaign',
  'item',
  'reviewer',
  'person',
  'person_state',
  'system',
  'scope',
  'account',
  'name',
  'access',
  'admin',
  'last_used',
  'mark',
  'changes',
  'decision',
  'decided_by',
  'decided_at',
  'note',
] as const;

type Row = Omit<ReviewItem, 'mark' | 'changes'> & { mark: ReviewItem['mark'] | 'REMOVED'; changes: string[] };

/** A cell as spreadsheets read it safely: quoted when needed, and a leading = + - @ neutralised (CSV injection). */
const cell = (v: string): string => {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const rowsOf = (c: CampaignData, reviewer: string): Row[] => [
  ...c.items.filter((i) => i.reviewer === reviewer),
  ...c.removed.filter((i) => i.reviewer === reviewer).map((i) => ({ ...i, mark: 'REMOVED' as const, changes: [] })),
];

export const reviewersOf = (c: CampaignData): string[] =>
  [...new Set([...c.items, ...c.removed].map((i) => i.reviewer))].sort();

export function reviewerCsv(c: CampaignData, reviewer: string): string {
  const lines = rowsOf(c, reviewer).map((r) =>
    [
      c.id,
      r.id,
      r.reviewer,
      r.person ?? (r.service ? `service account (owner ${r.service})` : 'no person'),
      r.personState ?? '',
      r.system,
      r.scope,
      r.account,
      r.name,
      r.access.join('; '),
      r.admin.join('; '),
      r.lastUsed ?? '',
      r.mark,
      r.changes.join('; '),
      '',
      '',
      '',
      '',
    ]
      .map(cell)
      .join(','),
  );
  return [CAMPAIGN_COLUMNS.join(','), ...lines].join('\n') + '\n';
}

const esc = (v: string): string =>
  v.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** One page, no external asset: what the reviewer decides on, grouped by person. */
export function reviewerHtml(c: CampaignData, reviewer: string): string {
  const rows = rowsOf(c, reviewer)
    .sort((a, b) => (a.person ?? '~').localeCompare(b.person ?? '~') || a.id.localeCompare(b.id))
    .map(
      (r) =>
        `<tr class="${r.mark.toLowerCase()}"><td>${esc(r.person ?? (r.service ? `service (owner ${r.service})` : 'no person'))}${r.personState && r.personState !== 'active' ? ` <b>${esc(r.personState)}</b>` : ''}</td><td>${esc(r.system)}<br><small>${esc(r.scope)}</small></td><td>${esc(r.name)}<br><small>${esc(r.id)}</small></td><td>${esc(r.access.join(', '))}</td><td>${esc(r.admin.join(', '))}</td><td>${esc(r.lastUsed ?? 'never / unknown')}</td><td>${r.mark === 'UNCHANGED' ? '' : `<b>${r.mark}</b>`}${r.changes.length > 0 ? `<br><small>${esc(r.changes.join('; '))}</small>` : ''}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Access review ${esc(c.id)}: ${esc(reviewer)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}tr.new{background:#eef8ee}tr.changed{background:#fff8e6}tr.removed{background:#f6f6f6;color:#777}small{color:#666}</style>
</head><body>
<h1>Access review ${esc(c.id)}</h1>
<p>Reviewer: <b>${esc(reviewer)}</b>. Built from run #${c.graph.sequence} (${esc(c.graph.runId)})${c.previous ? `, marked against campaign ${esc(c.previous)}` : ''}. For each row decide <b>keep</b>, <b>revoke</b> or <b>change</b> in the CSV (columns decision, decided_by, decided_at) and return it; it is stored with <code>assay access-review record</code>. Removed rows need no decision.</p>
<table><thead><tr><th>Person</th><th>System</th><th>Account</th><th>Access</th><th>Admin</th><th>Last used</th><th>Since last review</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

export const reviewerSlug = (reviewer: string): string => reviewer.replace(/[^A-Za-z0-9._@-]/g, '_');

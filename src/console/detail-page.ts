import type { Finding } from '../model/finding.js';
import type { StoredRecord } from '../model/record.js';
import type { Manifest } from '../model/run.js';
import { esc, escJson } from '../reports/html-escape.js';
import { csrfField, statusCell, table, type Viewer } from './layout.js';
import type { FindingHistory } from './read-model.js';
import { consoleExceptionId } from './console-exceptions.js';
import { controlLink } from './controls-page.js';
import { PAGE_ENTRY_LIMIT, PAGE_EXCERPT_CHARS, type LinkedTicket, type SnapshotEvidence } from './finding-evidence.js';
import { proposalsOf, type TriageAction } from './triage.js';

const DECIDED = { 'approve-exception': 'approved', 'reject-exception': 'rejected', 'revoke-exception': 'revoked' };

const describe = (a: TriageAction): string => {
  switch (a.action) {
    case 'assign':
      return `assigned to ${esc(a.owner)}`;
    case 'acknowledge':
      return 'acknowledged';
    case 'comment':
      return `commented: ${esc(a.text)}`;
    case 'propose-exception':
      return `proposed an exception for <code>${esc(a.check)}</code> on <code>${esc(a.resource)}</code> until ${esc(a.expires)}: ${esc(a.justification)}`;
    case 'approve-exception':
    case 'reject-exception':
    case 'revoke-exception':
      return `${DECIDED[a.action]} proposal #${a.proposal}${a.note ? `: ${esc(a.note)}` : ''}`;
  }
};

function triageForms(f: Finding, v: Viewer, actions: readonly StoredRecord<TriageAction>[]): string {
  const hidden = `${csrfField(v)}<input type="hidden" name="finding" value="${esc(f.key)}">`;
  const form = (action: string, label: string, fields: string) =>
    `<form method="post" action="/triage"><input type="hidden" name="action" value="${action}">${hidden}${fields}<button type="submit">${label}</button></form>`;
  const out: string[] = [];
  if (v.roles.has('triager')) {
    out.push(form('assign', 'Assign', '<label>Owner (email) <input type="email" name="owner" required></label>'));
    out.push(form('acknowledge', 'Acknowledge', ''));
    out.push(form('comment', 'Comment', '<label>Comment <textarea name="text" required></textarea></label>'));
    if (f.status === 'fail' || f.status === 'error')
      out.push(
        form(
          'propose-exception',
          'Propose exception',
          `<input type="hidden" name="check" value="${esc(f.checkId)}"><input type="hidden" name="resource" value="${esc(f.resource.id)}">
<label>Justification <textarea name="justification" required minlength="10"></textarea></label>
<label>Expires (at most one year) <input type="date" name="expires" required></label>
<label>Ticket URL <input type="url" name="ticket"></label>`,
        ),
      );
  }
  if (v.roles.has('approver'))
    for (const p of proposalsOf(actions)) {
      const fields = `<input type="hidden" name="proposal" value="${p.record.seq}"><label>Note <input type="text" name="note"></label>`;
      if (!p.decision)
        out.push(
          `<p>Proposal #${p.record.seq} by ${esc(p.record.by)}</p>${form('approve-exception', `Approve #${p.record.seq}`, fields)}${form('reject-exception', `Reject #${p.record.seq}`, fields)}`,
        );
      else if (p.decision.data.action === 'approve-exception' && !p.revocation)
        out.push(
          `<p>Exception <code>${esc(consoleExceptionId(p.record.seq))}</code> is approved: the next run applies it until ${esc(p.record.data.expires)} unless revoked.</p>${form('revoke-exception', `Revoke #${p.record.seq}`, fields)}`,
        );
    }
  return out.length === 0 ? '<p class="muted">Your roles do not include triage.</p>' : out.join('');
}

/** A link only for an http(s) URL: a stored value never becomes a `javascript:` or other scheme's link. */
const safeLink = (url: string | undefined, label: string): string =>
  url && /^https?:\/\//i.test(url) ? `<a href="${esc(url)}" rel="noreferrer">${esc(label)}</a>` : esc(label);

function evidenceSection(evidence: readonly SnapshotEvidence[]): string {
  if (evidence.length === 0) return '<p>No snapshot of this scope is listed in the manifest.</p>';
  return evidence
    .map(
      (e) => `<h3><code>${esc(e.artifact.path)}</code></h3>
<p>SHA-256 in the manifest <code>${esc(e.artifact.sha256)}</code> · ${e.artifact.size} bytes</p>${
        e.problem
          ? `<p class="notice">This snapshot ${esc(e.problem)}.</p>`
          : e.json === undefined
            ? '<p class="muted">It holds none of the datasets this check reads.</p>'
            : `<p class="muted">The dataset entries naming this resource (or the population the check covered), at most ${PAGE_ENTRY_LIMIT} per dataset${e.truncated ? `; cut at ${PAGE_EXCERPT_CHARS} characters` : ''}: the whole snapshot is in the store.</p><pre tabindex="0">${esc(e.json ?? '')}</pre>`
      }`,
    )
    .join('');
}

export function detailBody(
  run: Manifest,
  f: Finding,
  evidence: readonly SnapshotEvidence[],
  history: FindingHistory,
  actions: readonly StoredRecord<TriageAction>[],
  viewer: Viewer,
  tickets: readonly LinkedTicket[] = [],
): string {
  const hist = history.entries.map(
    (e) => `<tr><td>#${e.sequence} <code>${esc(e.runId)}</code></td><td>${esc(e.at)}</td>${statusCell(e.status)}</tr>`,
  );
  const ex = f.exception;
  const ticketRows = tickets.map(
    (t) =>
      `<tr><td>${esc(t.system)}</td><td>${safeLink(t.url, t.id)}</td><td>${esc(t.state)}</td><td>${esc(t.action)} ${esc(t.at)}</td></tr>`,
  );
  return `<p>${statusCell(f.status)
    .replace(/^<td/, '<span')
    .replace(/<\/td>$/, '</span>')} · ${esc(f.severity)} · <code>${esc(f.checkId)}</code> · ${esc(f.title)}</p>
<p>${esc(f.message)}</p>
<dl><dt>Resource</dt><dd>${esc(f.resource.type)} <code>${esc(f.resource.id)}</code>${f.resource.name ? ` (${esc(f.resource.name)})` : ''}</dd>
<dt>Scope</dt><dd>${esc(f.scope.kind)} ${esc(f.scope.name)} (<code>${esc(f.scope.id)}</code>)</dd>
<dt>Controls</dt><dd>${f.controls.map((c) => `<a href="${esc(controlLink(c))}">${esc(c)}</a>`).join(', ') || 'none'}</dd>
<dt>Run</dt><dd><code>${esc(run.runId)}</code> (#${run.sequence})</dd></dl>
<h2>Observed</h2><pre tabindex="0">${escJson(f.observed)}</pre>
<h2>Evidence</h2>${evidenceSection(evidence)}
<h2>Exception</h2>${ex ? `<p><code>${esc(ex.id)}</code> ${esc(ex.state)}, approved by ${esc(ex.approvedBy)}, expires ${esc(ex.expires)}${ex.ticket ? `, ticket ${safeLink(ex.ticket, ex.ticket)}` : ''}</p>` : '<p>None.</p>'}
<h2>Tickets</h2>${ticketRows.length === 0 ? '<p>No ticket is linked.</p>' : table(['System', 'Ticket', 'State', 'Last change'], ticketRows)}
<h2>History</h2><p>First seen ${esc(history.firstSeen ?? 'never')}${history.hoursToFix !== undefined ? ` · last fixed after ${history.hoursToFix.toFixed(1)} h` : ''}</p>
${table(['Run', 'Started', 'Status'], hist)}
<h2>Triage</h2>${actions.length === 0 ? '<p>No triage yet.</p>' : `<ol>${actions.map((a) => `<li>#${a.seq} ${esc(a.at)} ${esc(a.by)} ${describe(a.data)}</li>`).join('')}</ol>`}
<div class="triage">${triageForms(f, viewer, actions)}</div>`;
}

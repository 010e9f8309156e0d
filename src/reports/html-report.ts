import type { Finding } from '../model/finding.js';
import type { CollectorRun } from '../model/run.js';
import { severityRank } from '../model/severity.js';
import type { FindingChanges } from '../engine/apply-history.js';

export interface ReportInput {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  findings: readonly Finding[];
  collectors: readonly CollectorRun[];
  changes: FindingChanges;
  toolVersion: string;
}

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STATUS_ORDER = { error: 0, fail: 1, excepted: 2, not_applicable: 3, pass: 4 } as const;

function byCheck(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) map.set(f.checkId, [...(map.get(f.checkId) ?? []), f]);
  return map;
}

function checkRow(id: string, fs: Finding[]): string {
  const count = (s: Finding['status']) => fs.filter((f) => f.status === s).length;
  const worst = [...fs].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])[0]!;
  return `<tr class="${worst.status}"><td><code>${esc(id)}</code><br>${esc(worst.title)}</td><td>${esc(worst.controls.join(', '))}</td>
<td>${count('pass')}</td><td>${count('fail')}</td><td>${count('error')}</td><td>${count('excepted')}</td><td>${count('not_applicable')}</td></tr>`;
}

function findingRow(f: Finding): string {
  return `<tr class="${f.status}"><td>${esc(f.status)}</td><td>${esc(f.severity)}</td><td>${esc(f.lifecycle ?? '')}</td>
<td><code>${esc(f.checkId)}</code></td><td>${esc(`${f.scope.kind}:${f.scope.id}`)}</td><td>${esc(`${f.resource.type}:${f.resource.name ?? f.resource.id}`)}</td>
<td>${esc(f.message)}</td></tr>`;
}

function exceptedRow(f: Finding): string {
  const e = f.exception;
  return `<tr class="excepted"><td><code>${esc(f.checkId)}</code></td><td>${esc(`${f.scope.kind}:${f.scope.id}`)}</td><td>${esc(f.resource.name ?? f.resource.id)}</td>
<td>${esc(e?.id ?? '')}</td><td>${esc(e?.approvedBy ?? '')}</td><td>${esc(e?.expires ?? '')}</td><td>${esc(e?.ticket ?? '')}</td></tr>`;
}

/** A self-contained page (no scripts, no external assets) that an auditor can open from the evidence store. */
export function renderHtmlReport(r: ReportInput): string {
  const open = r.findings
    .filter((f) => f.status === 'fail' || f.status === 'error')
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        a.key.localeCompare(b.key),
    );
  const total = (s: Finding['status']) => r.findings.filter((f) => f.status === s).length;
  const excepted = r.findings.filter((f) => f.status === 'excepted').sort((a, b) => a.key.localeCompare(b.key));
  const checks = [...byCheck(r.findings)].sort(([a], [b]) => a.localeCompare(b));
  const sources = r.collectors
    .map(
      (c) =>
        `<tr class="${c.failedOperations.length ? 'error' : 'pass'}"><td>${esc(c.collector)}</td><td>${c.scopes}</td><td>${c.requests}</td><td>${(c.durationMs / 1000).toFixed(1)} s</td><td>${c.timedOut ? 'timed out; ' : ''}${esc(c.failedOperations.join(', ') || 'none')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>assay run ${esc(r.runId)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border-bottom:1px solid #d8dee4;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
tr.fail td:first-child{border-left:4px solid #cf222e}tr.error td:first-child{border-left:4px solid #bf8700}tr.pass td:first-child{border-left:4px solid #1a7f37}
tr.not_applicable td:first-child{border-left:4px solid #8c959f}tr.excepted td:first-child{border-left:4px solid #8250df}.tiles span{display:inline-block;margin-right:1.5rem;font-size:1.1rem}code{font-size:12px}
</style></head><body>
<h1>assay run ${esc(r.runId)}</h1>
<p>Started ${esc(r.startedAt.toISOString())}, finished ${esc(r.finishedAt.toISOString())}; assay ${esc(r.toolVersion)}.</p>
<p class="tiles"><span>✔ ${total('pass')} pass</span><span>✘ ${total('fail')} fail</span><span>⚠ ${total('error')} error</span><span>≈ ${total('excepted')} excepted</span><span>– ${total('not_applicable')} not applicable</span>
<span>${r.changes.new.length} new</span><span>${r.changes.resolved.length} resolved</span></p>
<h2>Sources</h2>
<table><tr><th>Collector</th><th>Scopes</th><th>HTTP requests</th><th>Time</th><th>Failed operations</th></tr>
${sources}</table>
<h2>Checks</h2>
<table><tr><th>Check</th><th>Controls</th><th>Pass</th><th>Fail</th><th>Error</th><th>Excepted</th><th>N/A</th></tr>
${checks.map(([id, fs]) => checkRow(id, fs)).join('\n')}</table>
<h2>Open findings (${open.length})</h2>
<table><tr><th>Status</th><th>Severity</th><th>Change</th><th>Check</th><th>Scope</th><th>Resource</th><th>Message</th></tr>
${open.map(findingRow).join('\n')}</table>
<h2>Excepted findings (${excepted.length})</h2>
<table><tr><th>Check</th><th>Scope</th><th>Resource</th><th>Exception</th><th>Approved by</th><th>Expires</th><th>Ticket</th></tr>
${excepted.map(exceptedRow).join('\n')}</table>
<p>Every file of this run is listed with its SHA-256 in the run's manifest; <code>assay evidence verify</code> recomputes them.</p>
</body></html>
`;
}

import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { Control } from '../model/control.js';
import type { CollectorRun } from '../model/run.js';
import type { FindingChanges } from '../engine/apply-history.js';
import { controlCoverage } from './control-coverage.js';
import { esc } from './html-escape.js';
import { changesSection, exceptedSection, type PreviousFinding } from './report-changes.js';
import { coverageSection } from './report-coverage.js';
import { openFindingsSection, type ReportCheck } from './report-findings.js';
import { REPORT_STYLE } from './report-style.js';

/**
 * A section another part of assay contributes (executives, offboarding, alert deliveries). `html` is inserted as
 * given, so its author escapes what it shows; the page's policy allows no script and no `style` attribute.
 */
export interface ReportSection {
  id: string;
  title: string;
  html: string;
}

export interface ReportInput {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  findings: readonly Finding[];
  collectors: readonly CollectorRun[];
  changes: FindingChanges;
  toolVersion: string;
  /** The previous run's findings: tells a regression (it passed) from a new failure. */
  previous?: readonly PreviousFinding[];
  /** The checks of the run (remediation in a finding's detail; which checks declare each control). */
  checks?: readonly ReportCheck[];
  /** The control catalog: with it the report carries the coverage matrix. */
  controls?: readonly Control[];
  sections?: readonly ReportSection[];
}

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

function sourceRow(c: CollectorRun): string {
  return `<tr class="${c.failedOperations.length ? 'error' : 'pass'}"><td>${esc(c.collector)}</td><td>${c.scopes}</td><td>${c.requests}</td><td>${(c.durationMs / 1000).toFixed(1)} s</td><td>${c.timedOut ? 'timed out; ' : ''}${esc(c.failedOperations.join(', ') || 'none')}</td></tr>`;
}

const sha256Base64 = (text: string): string => createHash('sha256').update(text).digest('base64');

/**
 * A self-contained page (no script, no external asset) that an auditor can open from the evidence store. Its
 * Content-Security-Policy allows nothing but its own stylesheet, by hash.
 */
export function renderHtmlReport(r: ReportInput): string {
  const total = (s: Finding['status']) => r.findings.filter((f) => f.status === s).length;
  const checks = new Map((r.checks ?? []).map((c) => [c.id, c]));
  const byId = [...byCheck(r.findings)].sort(([a], [b]) => a.localeCompare(b));
  const extra = (r.sections ?? []).map(
    (s) => `<section id="section-${esc(s.id)}"><h2>${esc(s.title)}</h2>\n${s.html}\n</section>`,
  );
  const coverage = r.controls ? coverageSection(controlCoverage(r.controls, checks.values(), r.findings)) : '';
  const nav: [string, string][] = [
    ['open', 'Open findings'],
    ['changes', 'Changes'],
    ['excepted', 'Excepted'],
    ...(coverage ? ([['coverage', 'Control coverage']] as [string, string][]) : []),
    ...(r.sections ?? []).map((s): [string, string] => [`section-${s.id}`, s.title]),
    ['sources', 'Sources'],
    ['checks', 'Checks'],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${sha256Base64(REPORT_STYLE)}'">
<title>assay run ${esc(r.runId)}</title>
<style>${REPORT_STYLE}</style></head><body>
<h1>assay run ${esc(r.runId)}</h1>
<p>Started ${esc(r.startedAt.toISOString())}, finished ${esc(r.finishedAt.toISOString())}; assay ${esc(r.toolVersion)}.</p>
<p class="tiles"><span>✔ ${total('pass')} pass</span><span>✘ ${total('fail')} fail</span><span>⚠ ${total('error')} error</span><span>≈ ${total('excepted')} excepted</span><span>– ${total('not_applicable')} not applicable</span>
<span>${r.changes.new.length} new</span><span>${r.changes.resolved.length} resolved</span></p>
<nav>${nav.map(([id, title]) => `<a href="#${esc(id)}">${esc(title)}</a>`).join('')}</nav>
${openFindingsSection(r.findings, checks)}
${changesSection(r.changes, r.previous)}
${exceptedSection(r.findings)}
${coverage}
${extra.join('\n')}
<section id="sources"><h2>Sources</h2>
<table><tr><th>Collector</th><th>Scopes</th><th>HTTP requests</th><th>Time</th><th>Failed operations</th></tr>
${r.collectors.map(sourceRow).join('\n')}</table></section>
<section id="checks"><h2>Checks</h2>
<table><tr><th>Check</th><th>Controls</th><th>Pass</th><th>Fail</th><th>Error</th><th>Excepted</th><th>N/A</th></tr>
${byId.map(([id, fs]) => checkRow(id, fs)).join('\n')}</table></section>
<p>Every file of this run is listed with its SHA-256 in the run's manifest; <code>assay evidence verify</code> recomputes them.</p>
</body></html>
`;
}

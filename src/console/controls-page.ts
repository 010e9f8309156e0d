import { snapshotPath } from '../engine/snapshot-path.js';
import type { Finding } from '../model/finding.js';
import type { Artifact, Manifest } from '../model/run.js';
import { scopeKey, type Scope } from '../model/scope.js';
import { COVERAGE_LABELS, type CoverageRow } from '../reports/control-coverage.js';
import { esc } from '../reports/html-escape.js';
import { queryString, table } from './layout.js';

const STATUSES = ['fail', 'error', 'excepted', 'pass', 'not_applicable'] as const;

export const controlLink = (ref: string): string => `/control${queryString({ ref })}`;

/** The coverage matrix: each control opens its own page; `exportForm` when the viewer may download bundles. */
export function controlsBody(run: Manifest, rows: readonly CoverageRow[], exportForm: string | undefined): string {
  const body = rows.map((r) => {
    const open = r.automated.fail + r.automated.error;
    const link = `/findings${queryString({ run: run.runId, control: r.ref })}`;
    return `<tr id="${esc(r.ref)}"><td><a href="${esc(controlLink(r.ref))}"><code>${esc(r.ref)}</code></a></td><td>${esc(r.control.title)}</td><td>${esc(COVERAGE_LABELS[r.state])}</td>
<td>${[...r.checks, ...r.attestationChecks].map((id) => `<code>${esc(id)}</code>`).join(' ') || '—'}</td><td><a href="${esc(link)}">${open} open</a></td></tr>`;
  });
  return `${exportForm ? `<h2>Auditors' export</h2>${exportForm}` : ''}<p>Coverage in run <code>${esc(run.runId)}</code>.</p>${table(['Control', 'Title', 'Coverage', 'Checks', 'Findings'], body)}`;
}

/** The snapshots of the run about the scopes of `findings`: the evidence their checks read. */
export function evidenceOf(run: Manifest, findings: readonly Finding[]): Artifact[] {
  const scopes = new Map<string, Scope>(findings.map((f) => [scopeKey(f.scope), f.scope]));
  const paths = new Set(
    run.collectors.flatMap((c) => [...scopes.values()].map((scope) => snapshotPath({ collector: c.collector, scope }))),
  );
  return run.artifacts.filter((a) => paths.has(a.path));
}

/** One control: its coverage, each check's findings in the run, the snapshots behind them, and the export form. */
export function controlBody(
  run: Manifest,
  row: CoverageRow,
  findings: readonly Finding[],
  exportForm: string | undefined,
): string {
  const about = findings.filter((f) => f.controls.includes(row.ref));
  const checkRows = [...row.checks, ...row.attestationChecks].map((id) => {
    const mine = about.filter((f) => f.checkId === id);
    const cell = (status: string) => {
      const n = mine.filter((f) => f.status === status).length;
      const href = `/findings${queryString({ run: run.runId, control: row.ref, check: id, status })}`;
      return `<td>${n === 0 ? '0' : `<a href="${esc(href)}">${n}</a>`}</td>`;
    };
    return `<tr><td><code>${esc(id)}</code></td>${STATUSES.map(cell).join('')}</tr>`;
  });
  const evidence = evidenceOf(run, about);
  const findingsFile = run.artifacts.find((a) => a.path === 'findings.jsonl');
  return `<p>${esc(row.control.framework)} <code>${esc(row.control.id)}</code> · ${esc(COVERAGE_LABELS[row.state])} in run <code>${esc(run.runId)}</code> (#${run.sequence}).</p>
<h2>Checks</h2>${checkRows.length === 0 ? '<p>No check speaks for this control: it is manual.</p>' : table(['Check', ...STATUSES], checkRows)}
<h2>Evidence</h2>${table(
    ['Artifact', 'SHA-256', 'Bytes'],
    [...(findingsFile ? [findingsFile] : []), ...evidence].map(
      (a) => `<tr><td><code>${esc(a.path)}</code></td><td><code>${esc(a.sha256)}</code></td><td>${a.size}</td></tr>`,
    ),
  )}
${exportForm ? `<h2>Auditors' export</h2>${exportForm}` : ''}
<p class="muted">The same bundle from a shell: <code>assay evidence export --framework ${esc(row.control.framework)} --control ${esc(row.control.id)} --from DATE --to DATE --out FILE.zip</code></p>`;
}

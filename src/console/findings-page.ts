import type { Finding } from '../model/finding.js';
import type { Manifest } from '../model/run.js';
import { esc } from '../reports/html-escape.js';
import { FINDING_SOURCES } from '../reports/finding-source.js';
import { FILTER_KEYS, type FindingFilter, type FindingPage } from './finding-query.js';
import { queryString, statusCell, table } from './layout.js';

const OPTIONS: Partial<Record<keyof FindingFilter, readonly string[]>> = {
  status: ['fail', 'error', 'excepted', 'pass', 'not_applicable'],
  severity: ['critical', 'high', 'medium', 'low', 'info'],
  source: FINDING_SOURCES,
  executive: ['yes', 'no'],
  change: ['new', 'regressed'],
  excepted: ['yes', 'no'],
};

const select = (name: string, values: readonly string[], current: string | undefined): string =>
  `<label>${esc(name)}<select name="${esc(name)}"><option value="">any</option>${values
    .map((v) => `<option value="${esc(v)}"${v === current ? ' selected' : ''}>${esc(v)}</option>`)
    .join('')}</select></label>`;

export const findingLink = (run: Manifest, f: Pick<Finding, 'key'>): string =>
  `/finding${queryString({ run: run.runId, key: f.key })}`;

export function findingsBody(
  run: Manifest,
  filter: FindingFilter,
  result: FindingPage,
  choices: { checks: readonly string[]; controls: readonly string[] },
): string {
  const base = { run: run.runId, ...Object.fromEntries(FILTER_KEYS.map((k) => [k, filter[k]])) };
  const form = `<form class="filters" method="get" action="/findings"><input type="hidden" name="run" value="${esc(run.runId)}">
${(['status', 'severity', 'source', 'executive', 'change', 'excepted'] as const).map((k) => select(k, OPTIONS[k]!, filter[k])).join('')}
${select('check', choices.checks, filter.check)}${select('control', choices.controls, filter.control)}
<label>text<input type="search" name="q" value="${esc(filter.q ?? '')}"></label>
<label>per page<select name="size">${[50, 100].map((n) => `<option${n === result.pageSize ? ' selected' : ''}>${n}</option>`).join('')}</select></label>
<button type="submit">Filter</button></form>`;
  const rows = result.items.map(
    (f) =>
      `<tr>${statusCell(f.status)}<td>${esc(f.severity)}</td><td><code>${esc(f.checkId)}</code></td><td>${esc(f.resource.name ?? f.resource.id)}</td><td><a href="${esc(findingLink(run, f))}">${esc(f.message)}</a></td></tr>`,
  );
  const pageLink = (p: number, label: string) =>
    `<a href="/findings${esc(queryString({ ...base, size: result.pageSize, page: p }))}">${label}</a>`;
  const pager = `<nav class="pager" aria-label="Pages">${result.page > 1 ? pageLink(result.page - 1, 'Previous') : ''}<span>Page ${result.page} of ${result.pages} · ${result.total} findings</span>${result.page < result.pages ? pageLink(result.page + 1, 'Next') : ''}</nav>`;
  return `${form}${pager}${result.items.length === 0 ? '<p>No finding matches.</p>' : table(['Status', 'Severity', 'Check', 'Resource', 'Message'], rows)}${pager}`;
}

import type { Finding } from '../model/finding.js';
import type { Manifest } from '../model/run.js';
import { esc } from '../reports/html-escape.js';
import { FINDING_SOURCES, findingSource } from '../reports/finding-source.js';
import { changeOf } from './finding-query.js';
import { queryString, table } from './layout.js';

const STATUSES = ['fail', 'error', 'excepted', 'pass', 'not_applicable'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Failing findings per scheduled run (event runs judge a few events only) as a small inline SVG, no script. */
export function trendSvg(runs: readonly Manifest[]): string {
  const last = runs.filter((m) => m.mode !== 'event').slice(-30);
  if (last.length === 0) return '';
  const open = last.map((m) => m.summary.fail + m.summary.error);
  const max = Math.max(1, ...open);
  const w = 600;
  const h = 80;
  const step = last.length > 1 ? w / (last.length - 1) : 0;
  const points = open.map((v, i) => `${(i * step).toFixed(1)},${(h - (v / max) * (h - 6) - 3).toFixed(1)}`).join(' ');
  return `<svg role="img" aria-label="Failing and error findings over the last ${last.length} runs: ${open.join(', ')}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
<polyline fill="none" stroke="#a40e26" stroke-width="2" points="${points}"/></svg>`;
}

export function overviewBody(
  run: Manifest,
  runs: readonly Manifest[],
  findings: readonly Finding[],
  previous: ReadonlyMap<string, string>,
): string {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const src = findingSource(f);
    counts.set(`${src}|${f.status}`, (counts.get(`${src}|${f.status}`) ?? 0) + 1);
    if (f.status === 'fail' || f.status === 'error')
      counts.set(`${src}|sev|${f.severity}`, (counts.get(`${src}|sev|${f.severity}`) ?? 0) + 1);
  }
  const link = (n: number, params: Record<string, string>) =>
    n === 0 ? '0' : `<a href="/findings${esc(queryString({ run: run.runId, ...params }))}">${n}</a>`;
  const statusRows = FINDING_SOURCES.map(
    (s) =>
      `<tr><th scope="row">${s}</th>${STATUSES.map((st) => `<td>${link(counts.get(`${s}|${st}`) ?? 0, { source: s, status: st })}</td>`).join('')}${SEVERITIES.map((sv) => `<td>${link(counts.get(`${s}|sev|${sv}`) ?? 0, { source: s, severity: sv })}</td>`).join('')}</tr>`,
  );
  const changed = { new: 0, regressed: 0 };
  for (const f of findings) {
    const c = changeOf(f, previous);
    if (c) changed[c]++;
  }
  const now = new Map(findings.map((f) => [f.key, f.status]));
  const resolved = [...previous].filter(
    ([k, st]) => (st === 'fail' || st === 'error') && (!now.has(k) || now.get(k) === 'pass'),
  ).length;
  const failed = run.collectors.filter((c) => c.failedOperations.length > 0 || c.timedOut);
  return `<p>Run <code>${esc(run.runId)}</code> (#${run.sequence}), ${esc(run.startedAt)} · ${findings.length} findings.</p>
<h2>By source</h2><p class="muted">Open findings by severity count fail and error only.</p>
${table(['Source', ...STATUSES, ...SEVERITIES.map((s) => `open ${s}`)], statusRows)}
<h2>Trend</h2>${trendSvg(runs)}
<h2>Since the previous run</h2>
<ul><li>${link(changed.new, { change: 'new' })} new</li><li>${link(changed.regressed, { change: 'regressed' })} regressed</li><li>${resolved} resolved</li></ul>
<h2>Collectors that failed</h2>${
    failed.length === 0
      ? '<p>None: every collector read everything it asked for.</p>'
      : table(
          ['Collector', 'Failed calls', 'Timed out'],
          failed.map(
            (c) =>
              `<tr><td>${esc(c.collector)}</td><td>${c.failedOperations.map((o) => `<code>${esc(o)}</code>`).join(', ')}</td><td>${c.timedOut ? 'yes' : 'no'}</td></tr>`,
          ),
        )
  }`;
}

import { createHash } from 'node:crypto';
import { FRAMEWORK_NAMES } from '../model/control.js';
import { COVERAGE_LABELS, controlCoverage } from '../reports/control-coverage.js';
import { esc, escJson } from '../reports/html-escape.js';
import { BUNDLE_MANIFEST_PATH, bundlePaths } from './bundle-manifest.js';
import type { BundleData } from './collect-bundle.js';
import type { BundleCheck, ControlEvidence } from './control-evidence.js';
import { methodParagraphs } from './bundle-method.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;width:100%;margin:.6rem 0}
td,th{border-bottom:1px solid #d8dee4;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}code{font-size:12px}
pre{background:#f6f8fa;padding:.5rem;font-size:12px;white-space:pre-wrap;max-height:20rem;overflow:auto}section.control{border-top:2px solid #d8dee4;margin-top:1.5rem}`;

const STATUSES = ['pass', 'fail', 'error', 'excepted', 'not_applicable'] as const;

function checksTable(c: ControlEvidence, checks: ReadonlyMap<string, BundleCheck>): string {
  const ids = [...new Set([...c.checks, ...c.occurrences.map((o) => o.finding.checkId)])].sort();
  const rows = ids.map((id) => {
    const mine = c.occurrences.filter((o) => o.finding.checkId === id);
    const runs = new Set(mine.map((o) => o.runId)).size;
    return `<tr><td><code>${esc(id)}</code><br>${esc(checks.get(id)?.title ?? mine[0]?.finding.title ?? '')}</td><td>${runs}</td>${STATUSES.map((s) => `<td>${mine.filter((o) => o.finding.status === s).length}</td>`).join('')}</tr>`;
  });
  return `<table><tr><th>Check</th><th>Runs</th><th>Pass</th><th>Fail</th><th>Error</th><th>Excepted</th><th>N/A</th></tr>
${rows.join('\n')}</table>`;
}

function findingsTable(c: ControlEvidence): string {
  const byKey = new Map<string, ControlEvidence['occurrences']>();
  for (const o of c.occurrences) byKey.set(o.finding.key, [...(byKey.get(o.finding.key) ?? []), o]);
  const rows = [...byKey.values()].map((list) => {
    const last = list.reduce((a, b) => (b.sequence > a.sequence ? b : a));
    const f = last.finding;
    const statuses = STATUSES.map((s) => [s, list.filter((o) => o.finding.status === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s} ×${n}`);
    return `<tr class="${f.status}"><td><code>${esc(f.checkId)}</code></td><td>${esc(`${f.scope.kind}:${f.scope.id}`)}</td><td>${esc(f.resource.name ?? f.resource.id)}</td><td>${esc(statuses.join(', '))}</td><td>${esc(f.status)} (#${last.sequence})</td><td>${esc(f.message)}</td></tr>`;
  });
  return `<table><tr><th>Check</th><th>Scope</th><th>Resource</th><th>Statuses over the period</th><th>Latest</th><th>Latest message</th></tr>
${rows.join('\n')}</table>`;
}

function controlSection(c: ControlEvidence, checks: ReadonlyMap<string, BundleCheck>, sampled: boolean): string {
  const dir = bundlePaths.controlDir(c.annexA);
  const kept = new Set(c.occurrences.map((o) => o.finding.key)).size;
  return `<section class="control" id="${esc(c.ref)}"><h3>${esc(c.annexA)} ${esc(c.control.title)}</h3>
<p>${c.population} finding${c.population === 1 ? '' : 's'} in the period${sampled ? `, ${kept} sampled` : ''}; ${c.occurrences.length} occurrences over the runs; ${c.excerpts.length} snapshot excerpts. Files: <a href="${esc(dir)}findings.jsonl">findings.jsonl</a>, <a href="${esc(dir)}excerpts.json">excerpts.json</a>.</p>
${c.checks.length === 0 && c.occurrences.length === 0 ? '<p>No check covers this control: evidence of it is manual (see attestations).</p>' : checksTable(c, checks) + '\n' + findingsTable(c)}
</section>`;
}

/** The bundle's front page: what it covers, how it was chosen, and each control's checks and findings. */
export function renderBundleIndex(
  data: BundleData,
  checks: readonly BundleCheck[],
  meta: { generatedAt: Date; toolVersion: string },
): string {
  const { request: r, runs } = data;
  const byId = new Map(checks.map((c) => [c.id, c]));
  const latest = runs.at(-1)?.findings ?? [];
  const coverage = new Map(
    controlCoverage(
      data.controls.map((c) => c.control),
      checks,
      latest,
    ).map((row) => [row.ref, row.state]),
  );
  const summary = data.controls.map(
    (c) =>
      `<tr><td><a href="#${esc(c.ref)}">${esc(c.annexA)}</a></td><td>${esc(c.control.title)}</td><td>${esc(COVERAGE_LABELS[coverage.get(c.ref) ?? 'manual'])}</td><td>${c.checks.length}</td><td>${c.population}</td></tr>`,
  );
  const attestations = data.attestations.map(
    (a) =>
      `<tr><td><a href="${esc(bundlePaths.record(a.record.seq))}">#${a.record.seq}</a></td><td>${esc(a.record.at)}</td><td>${esc(a.record.by)}</td><td>${esc((a.controls ?? ['(none named)']).join(', '))}</td>
<td>${a.files.map((f) => `<a href="${esc(bundlePaths.recordFile(a.record.seq, f.name))}">${esc(f.name)}</a>`).join('<br>')}</td><td><pre>${escJson(a.record.data)}</pre></td></tr>`,
  );
  const exceptions = data.exceptions.map(
    ({ entry: e, runs: n, first, last }) =>
      `<tr><td>${esc(e.id)}</td><td><code>${esc(e.check)}</code></td><td>${esc(e.resource)}</td><td>${esc(e.approvedBy)} on ${esc(e.approvedOn)}</td><td>${esc(e.expires)}</td><td>${esc(e.ticket)}</td><td>${esc(e.justification)}</td><td>${n} (${esc(first)} – ${esc(last)})</td></tr>`,
  );
  const chain = runs.map(
    (x) =>
      `<tr><td>${x.manifest.sequence}</td><td><a href="${esc(bundlePaths.manifest(x.manifest.sequence))}">${esc(x.manifest.runId)}</a></td><td>${esc(x.manifest.startedAt)}</td><td><code>${x.manifestSha256}</code></td><td><code>${esc(x.manifest.previous?.manifestSha256 ?? '(first run)')}</code></td></tr>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'">
<title>assay evidence: ${esc(FRAMEWORK_NAMES[r.framework])}${r.control ? ` ${esc(r.control)}` : ''}</title><style>${STYLE}</style></head><body>
<h1>Evidence for ${esc(FRAMEWORK_NAMES[r.framework])}${r.control ? `, control ${esc(r.control)}` : ''}</h1>
<p>Period ${esc(r.from.toISOString())} – ${esc(r.to.toISOString())}: ${runs.length} run${runs.length === 1 ? '' : 's'}${runs.length ? ` (#${runs[0]!.manifest.sequence}–#${runs.at(-1)!.manifest.sequence})` : ''}. Generated ${esc(meta.generatedAt.toISOString())} by assay ${esc(meta.toolVersion)}.</p>
<h2>Verifying this bundle</h2>
<p><code>assay evidence verify --bundle FILE.zip</code> checks, offline, every file against the SHA-256 in <code>${BUNDLE_MANIFEST_PATH}</code>, each run manifest's digest and its link to the one before, each run file against its manifest, and each control's findings against its run's findings. The last manifest's SHA-256 (below) can be compared with the head of the evidence store (<code>assay evidence verify</code> prints it).</p>
<h2>Method</h2>
${methodParagraphs(r)
  .map((p) => `<p>${p}</p>`)
  .join('\n')}
<h2>Controls (${data.controls.length})</h2>
<p>Coverage as of the period's last run.</p>
<table><tr><th>Control</th><th>Title</th><th>Coverage</th><th>Checks</th><th>Findings in the period</th></tr>
${summary.join('\n')}</table>
<h2>Attestations (${data.attestations.length})</h2>
<table><tr><th>Record</th><th>Recorded</th><th>By</th><th>Controls</th><th>Files</th><th>Data</th></tr>
${attestations.join('\n')}</table>
<h2>Exceptions in force (${data.exceptions.length})</h2>
<table><tr><th>Exception</th><th>Check</th><th>Resource</th><th>Approved</th><th>Expires</th><th>Ticket</th><th>Justification</th><th>Runs in force</th></tr>
${exceptions.join('\n')}</table>
<h2>Runs (the manifest chain)</h2>
<table><tr><th>#</th><th>Run</th><th>Started</th><th>Manifest SHA-256</th><th>Previous manifest SHA-256</th></tr>
${chain.join('\n')}</table>
<h2>Control evidence</h2>
${data.controls.map((c) => controlSection(c, byId, r.sample !== undefined)).join('\n')}
</body></html>
`;
}

import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import { SEVERITIES, severityRank } from '../model/severity.js';
import { esc, escJson } from './html-escape.js';
import { FINDING_SOURCES, findingSource } from './finding-source.js';
import { isoControlReference, qualifiedControl } from './iso-control-reference.js';

/** What the report shows of a check beside its findings. */
export interface ReportCheck {
  id: string;
  title: string;
  remediation: string;
  controls: readonly string[];
}

const STATUS_ORDER = { error: 0, fail: 1, excepted: 2, not_applicable: 3, pass: 4 } as const;

export const byWorst = (a: Finding, b: Finding): number =>
  severityRank(a.severity) - severityRank(b.severity) ||
  STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
  a.key.localeCompare(b.key);

/** A stable anchor for a finding: its key may hold any character. */
export const findingAnchor = (f: Pick<Finding, 'key'>): string =>
  `f-${createHash('sha256').update(f.key).digest('hex').slice(0, 16)}`;

const controlName = (ref: string): string => {
  try {
    return qualifiedControl(isoControlReference(ref));
  } catch {
    return ref;
  }
};

function detail(f: Finding, check: ReportCheck | undefined): string {
  const rows: [string, string][] = [
    ['Check', `<code>${esc(f.checkId)}</code> v${f.checkVersion}: ${esc(f.title)}`],
    ['Scope', esc(`${f.scope.kind}:${f.scope.id}${f.scope.name ? ` (${f.scope.name})` : ''}`)],
    ['Resource', esc(`${f.resource.type}:${f.resource.id}${f.resource.name ? ` (${f.resource.name})` : ''}`)],
    ['Controls', esc(f.controls.map(controlName).join('; '))],
    ['Change', esc(f.lifecycle ?? '')],
    ['First seen', esc(f.firstSeen ?? '')],
    ['Remediation', esc(check?.remediation ?? '')],
  ];
  return `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<pre>${escJson(f.observed)}</pre>`;
}

function findingDetails(f: Finding, check: ReportCheck | undefined): string {
  return `<details class="finding ${f.status}" id="${findingAnchor(f)}" data-severity="${f.severity}" data-source="${findingSource(f)}" data-status="${f.status}">
<summary><strong>${esc(f.status)}</strong> · ${esc(f.severity)} · <code>${esc(f.checkId)}</code> · ${esc(f.resource.name ?? f.resource.id)}: ${esc(f.message)}</summary>
${detail(f, check)}
</details>`;
}

function countsTable(open: readonly Finding[]): string {
  const cell = (sev: string, src: string) => open.filter((f) => f.severity === sev && findingSource(f) === src).length;
  return `<table class="severity-source"><thead><tr><th>Severity</th>${FINDING_SOURCES.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody>
${SEVERITIES.map((sev) => `<tr><td>${sev}</td>${FINDING_SOURCES.map((src) => `<td>${cell(sev, src)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;
}

const filters = (): string => `<p class="filters">Show:
${SEVERITIES.map((s) => `<label><input type="checkbox" id="flt-sev-${s}" checked> ${s}</label>`).join('\n')}
·
${FINDING_SOURCES.map((s) => `<label><input type="checkbox" id="flt-src-${s}" checked> ${s}</label>`).join('\n')}</p>`;

/** Failing and erroring findings, by severity then source, each opening onto its detail. */
export function openFindingsSection(findings: readonly Finding[], checks: ReadonlyMap<string, ReportCheck>): string {
  const open = findings.filter((f) => f.status === 'fail' || f.status === 'error').sort(byWorst);
  const groups = SEVERITIES.map((sev) => {
    const mine = open.filter((f) => f.severity === sev);
    if (mine.length === 0) return '';
    const bySource = FINDING_SOURCES.map((src) => {
      const list = mine.filter((f) => findingSource(f) === src);
      return list.length === 0
        ? ''
        : `<h4>${src} (${list.length})</h4>\n${list.map((f) => findingDetails(f, checks.get(f.checkId))).join('\n')}`;
    }).join('\n');
    return `<details class="group" data-severity-group="${sev}" open><summary>${sev} (${mine.length})</summary>
${bySource}
</details>`;
  }).join('\n');
  return `<section id="open"><h2>Open findings (${open.length})</h2>
${countsTable(open)}
${filters()}
${groups}
</section>`;
}

import { FRAMEWORK_NAMES, FRAMEWORKS } from '../model/control.js';
import { COVERAGE_LABELS, type CoverageRow, type CoverageState } from './control-coverage.js';
import { esc } from './html-escape.js';
import { isoControlReference } from './iso-control-reference.js';

const STATES = Object.keys(COVERAGE_LABELS) as CoverageState[];

function attestationCell(r: CoverageRow): string {
  if (r.attestationChecks.length === 0) return '';
  const t = r.attestation;
  const verdict = t.fail + t.error + t.excepted > 0 ? 'missing/expired' : t.pass > 0 ? 'attested' : 'not evaluated';
  return `${esc(verdict)}<br><small>${r.attestationChecks.map((c) => `<code>${esc(c)}</code>`).join(' ')}</small>`;
}

function row(r: CoverageRow): string {
  const a = r.automated;
  return `<tr class="cov-${r.state}" data-control="${esc(r.ref)}"><td>${esc(isoControlReference(r.ref).annexA)}</td><td>${esc(r.control.title)}</td>
<td>${esc(COVERAGE_LABELS[r.state])}</td><td>${r.checks.map((c) => `<code>${esc(c)}</code>`).join(' ')}</td>
<td>${a.pass}</td><td>${a.fail}</td><td>${a.error}</td><td>${a.excepted}</td><td>${attestationCell(r)}</td></tr>`;
}

/** The matrix of every catalog control, one table per framework, with how many controls are in each state. */
export function coverageSection(rows: readonly CoverageRow[]): string {
  const tables = FRAMEWORKS.map((fw) => {
    const mine = rows.filter((r) => r.control.framework === fw);
    const tally = STATES.map((s) => `${mine.filter((r) => r.state === s).length} ${esc(COVERAGE_LABELS[s])}`);
    return `<h3>${esc(FRAMEWORK_NAMES[fw])} (${mine.length} controls)</h3>
<p>${tally.join(' · ')}</p>
<table class="coverage" data-framework="${fw}"><thead><tr><th>Control</th><th>Title</th><th>Coverage</th><th>Checks</th><th>Pass</th><th>Fail</th><th>Error</th><th>Excepted</th><th>Attestation</th></tr></thead>
<tbody>
${mine.map(row).join('\n')}
</tbody></table>`;
  });
  return `<section id="coverage"><h2>Control coverage (${rows.length} controls)</h2>
<p>Automated: a check evaluated the control in this run (counts are its findings about the control). Excepted: evaluated, and every failure is under an exception in force. Attested: only an attestation check speaks for it, and it passes. Manual: nothing in this run is evidence of the control.</p>
${tables.join('\n')}</section>`;
}

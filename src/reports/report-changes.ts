import type { FindingChanges } from '../engine/apply-history.js';
import type { Finding } from '../model/finding.js';
import { esc } from './html-escape.js';
import { byWorst, findingAnchor } from './report-findings.js';

/** What the report needs of the previous run's findings. */
export type PreviousFinding = Pick<Finding, 'key' | 'status'>;

/**
 * Newly open findings split in two: regressed (the previous run had the same finding passing, or excepted by an
 * exception that has since expired) and new (the previous run had nothing open about it: a new resource or check).
 */
export function splitNew(
  changes: FindingChanges,
  previous: readonly PreviousFinding[] | undefined,
): { new: Finding[]; regressed: Finding[] } {
  const before = new Map((previous ?? []).map((p) => [p.key, p.status]));
  const wasGood = (f: Finding) => ['pass', 'excepted'].includes(before.get(f.key) ?? '');
  const list = [...changes.new].sort(byWorst);
  return { new: list.filter((f) => !wasGood(f)), regressed: list.filter(wasGood) };
}

const scopeOf = (f: Pick<Finding, 'scope'>): string => `${f.scope.kind}:${f.scope.id}`;

function openRow(f: Finding): string {
  return `<tr class="${f.status}"><td>${esc(f.status)}</td><td>${esc(f.severity)}</td><td><code>${esc(f.checkId)}</code></td><td>${esc(scopeOf(f))}</td>
<td>${esc(f.resource.name ?? f.resource.id)}</td><td><a href="#${findingAnchor(f)}">${esc(f.message)}</a></td></tr>`;
}

function resolvedRow(f: FindingChanges['resolved'][number]): string {
  return `<tr class="pass"><td><code>${esc(f.checkId)}</code></td><td>${esc(scopeOf(f))}</td><td>${esc(f.resource.name ?? f.resource.id)}</td><td>${esc(f.message)}</td></tr>`;
}

const OPEN_HEAD =
  '<tr><th>Status</th><th>Severity</th><th>Check</th><th>Scope</th><th>Resource</th><th>Message</th></tr>';

export function changesSection(changes: FindingChanges, previous: readonly PreviousFinding[] | undefined): string {
  const { new: added, regressed } = splitNew(changes, previous);
  return `<section id="changes"><h2>Since the previous run</h2>
<p>${added.length} new, ${regressed.length} regressed, ${changes.resolved.length} resolved, ${changes.stillFailing} still failing.</p>
<h3>New (${added.length})</h3>
<table>${OPEN_HEAD}
${added.map(openRow).join('\n')}</table>
<h3>Regressed (${regressed.length})</h3>
<p>Open now; the previous run found the same resource passing, or excepted under an exception that has since expired.</p>
<table>${OPEN_HEAD}
${regressed.map(openRow).join('\n')}</table>
<h3>Resolved (${changes.resolved.length})</h3>
<table><tr><th>Check</th><th>Scope</th><th>Resource</th><th>Message</th></tr>
${changes.resolved.map(resolvedRow).join('\n')}</table>
</section>`;
}

function exceptedRow(f: Finding): string {
  const e = f.exception;
  return `<tr class="excepted"><td><code>${esc(f.checkId)}</code></td><td>${esc(scopeOf(f))}</td><td>${esc(f.resource.name ?? f.resource.id)}</td>
<td>${esc(e?.id ?? '')}</td><td>${esc(e?.approvedBy ?? '')}</td><td>${esc(e?.expires ?? '')}</td><td>${esc(e?.ticket ?? '')}</td></tr>`;
}

export function exceptedSection(findings: readonly Finding[]): string {
  const excepted = findings.filter((f) => f.status === 'excepted').sort((a, b) => a.key.localeCompare(b.key));
  return `<section id="excepted"><h2>Excepted findings (${excepted.length})</h2>
<p>Failures under an exception in force; each fails again the day after its expiry.</p>
<table><tr><th>Check</th><th>Scope</th><th>Resource</th><th>Exception</th><th>Approved by</th><th>Expires</th><th>Ticket</th></tr>
${excepted.map(exceptedRow).join('\n')}</table></section>`;
}

import type { Finding } from '../model/finding.js';
import { severityRank } from '../model/severity.js';
import type { FindingChanges } from '../engine/apply-history.js';
import { terminalSafe } from '../logging/terminal-safe.js';

const MARK = { pass: '✔', fail: '✘', error: '⚠', not_applicable: '–', excepted: '≈' } as const;

/** A few lines for a person at a terminal: totals, then open findings, worst first; messages made terminal-safe. */
export function terminalSummary(findings: readonly Finding[], changes: FindingChanges, maxLines = 25): string {
  const n = (s: Finding['status']) => findings.filter((f) => f.status === s).length;
  const lines = [
    `${findings.length} findings: ${n('pass')} pass, ${n('fail')} fail, ${n('error')} error, ${n('not_applicable')} not applicable${n('excepted') ? `, ${n('excepted')} excepted` : ''}` +
      ` (${changes.new.length} new, ${changes.stillFailing} still failing, ${changes.resolved.length} resolved)`,
  ];
  const open = findings
    .filter((f) => f.status === 'fail' || f.status === 'error')
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.key.localeCompare(b.key));
  for (const f of open.slice(0, maxLines)) {
    lines.push(`  ${MARK[f.status]} ${f.severity.padEnd(8)} ${f.checkId.padEnd(34)} ${terminalSafe(f.message)}`);
  }
  if (open.length > maxLines) lines.push(`  … and ${open.length - maxLines} more in the report`);
  return lines.join('\n');
}

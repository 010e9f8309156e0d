import type { FindingMatch } from '../model/config/alerts-config.js';
import { severityRank } from '../model/severity.js';
import type { FindingChange } from './finding-change.js';
import type { Finding } from '../model/finding.js';

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

export const globMatch = (patterns: readonly string[], value: string): boolean =>
  patterns.some((p) => glob(p).test(value));

/** `github`, `aws`, `google`, `people`…: the check id's first word. */
export const sourceOf = (f: Pick<Finding, 'checkId'>): string => f.checkId.split('-')[0]!;

/** Executives are marked by the check (`observed.executive`) or are what the check is about. */
export const isExecutive = (f: Finding): boolean =>
  f.observed.executive === true || /(^|-)executives?(-|$)/.test(f.checkId);

function fieldAt(f: Finding, path: string): unknown {
  let node: unknown = f;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Whether a finding (its status as checked, before an exception) meets every criterion the match gives. */
export function matchesFinding(m: Omit<FindingMatch, 'changes'>, f: Finding): boolean {
  const status = f.status === 'excepted' ? 'fail' : f.status;
  return (
    (m.statuses as readonly string[]).includes(status) &&
    (m.minSeverity === undefined || severityRank(f.severity) <= severityRank(m.minSeverity)) &&
    (m.sources === undefined || m.sources.includes(sourceOf(f))) &&
    (m.checks === undefined || globMatch(m.checks, f.checkId)) &&
    (m.controls === undefined || f.controls.some((c) => globMatch(m.controls!, c))) &&
    (m.executive === undefined || isExecutive(f) === m.executive) &&
    Object.entries(m.where ?? {}).every(([path, want]) => fieldAt(f, path) === want)
  );
}

/** A resolved finding passes now: its status is not matched, what it was (a failure) is. */
export const matchesChange = (m: FindingMatch, c: FindingChange): boolean =>
  m.changes.includes(c.kind) &&
  matchesFinding(m, c.kind === 'resolved' ? { ...c.finding, status: m.statuses[0]! } : c.finding);

import type { Finding } from '../model/finding.js';
import { findingSource } from '../reports/finding-source.js';

/** What the Findings page can filter on; every field comes from the query string. */
export interface FindingFilter {
  status?: string;
  severity?: string;
  source?: string;
  check?: string;
  control?: string;
  /** `new` (open now, nothing open before) or `regressed` (open now, passing or excepted before). */
  change?: string;
  /** `yes`: under an exception (in force or expired); `no`: none. */
  excepted?: string;
  q?: string;
}

export const FILTER_KEYS = ['status', 'severity', 'source', 'check', 'control', 'change', 'excepted', 'q'] as const;

export const PAGE_SIZES = [50, 100] as const;

export interface FindingPage {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  items: Finding[];
}

const OPEN = new Set(['fail', 'error']);
const GOOD = new Set(['pass', 'excepted']);

const text = (f: Finding): string =>
  [f.checkId, f.title, f.message, f.resource.id, f.resource.name ?? '', f.resource.type, f.scope.id, f.scope.name]
    .join('\n')
    .toLowerCase();

/** Keeps findings matching every filter given; `previous` maps key to the previous run's status. */
export function filterFindings(
  findings: readonly Finding[],
  filter: FindingFilter,
  previous: ReadonlyMap<string, string>,
): Finding[] {
  const q = filter.q?.trim().toLowerCase();
  return findings.filter(
    (f) =>
      (!filter.status || f.status === filter.status) &&
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.source || findingSource(f) === filter.source) &&
      (!filter.check || f.checkId === filter.check) &&
      (!filter.control || f.controls.includes(filter.control)) &&
      (!filter.excepted || (filter.excepted === 'yes') === (f.exception !== undefined)) &&
      (!filter.change || changeOf(f, previous) === filter.change) &&
      (!q || text(f).includes(q)),
  );
}

/** `new`, `regressed`, or undefined (not newly open). */
export function changeOf(f: Finding, previous: ReadonlyMap<string, string>): 'new' | 'regressed' | undefined {
  if (!OPEN.has(f.status)) return undefined;
  const before = previous.get(f.key);
  if (before !== undefined && OPEN.has(before)) return undefined;
  return before !== undefined && GOOD.has(before) ? 'regressed' : 'new';
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const STATUS_RANK: Record<string, number> = { error: 0, fail: 1, excepted: 2, pass: 3, not_applicable: 4 };

/** Worst first: status, then severity, then check and resource. */
export const byWorst = (a: Finding, b: Finding): number =>
  (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) ||
  (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
  a.checkId.localeCompare(b.checkId) ||
  a.resource.id.localeCompare(b.resource.id);

/** One page of an already sorted list; a page past the end gives the last page. */
export function pageOf(list: readonly Finding[], page: number, pageSize: number): FindingPage {
  const size = PAGE_SIZES.includes(pageSize as 50 | 100) ? pageSize : PAGE_SIZES[0];
  const pages = Math.max(1, Math.ceil(list.length / size));
  const p = Math.min(Math.max(1, Number.isInteger(page) ? page : 1), pages);
  return { total: list.length, page: p, pageSize: size, pages, items: list.slice((p - 1) * size, p * size) };
}

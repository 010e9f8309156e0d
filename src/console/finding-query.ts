import type { Finding } from '../model/finding.js';
import { findingSource } from '../reports/finding-source.js';

/** What the Findings page can filter on; every field comes from the query string. */
export interface FindingFilter {
  status?: string;
  severity?: string;
  source?: string;
  check?: string;
  control?: string;
  /** `yes`: the finding concerns an executive (see `concernsExecutive`); `no`: it does not. */
  executive?: string;
  /** `new` (newly open, not passing in the previous run) or `regressed` (newly open, passing in the previous run). */
  change?: string;
  /** `yes`: under an exception (in force or expired); `no`: none. */
  excepted?: string;
  q?: string;
}

export const FILTER_KEYS = [
  'status',
  'severity',
  'source',
  'check',
  'control',
  'executive',
  'change',
  'excepted',
  'q',
] as const;

/** What filtering needs beside the findings: the previous run's status by key and the run's executives. */
export interface FilterContext {
  previous: ReadonlyMap<string, string>;
  executives: ReadonlySet<string>;
}

export const PAGE_SIZES = [50, 100] as const;

export interface FindingPage {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  items: Finding[];
}

const OPEN = new Set(['fail', 'error']);

const text = (f: Finding): string =>
  [f.checkId, f.title, f.message, f.resource.id, f.resource.name ?? '', f.resource.type, f.scope.id, f.scope.name]
    .join('\n')
    .toLowerCase();

/** Keeps findings matching every filter given. */
export function filterFindings(findings: readonly Finding[], filter: FindingFilter, ctx: FilterContext): Finding[] {
  const q = filter.q?.trim().toLowerCase();
  return findings.filter(
    (f) =>
      (!filter.status || f.status === filter.status) &&
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.source || findingSource(f) === filter.source) &&
      (!filter.check || f.checkId === filter.check) &&
      (!filter.control || f.controls.includes(filter.control)) &&
      (!filter.executive || (filter.executive === 'yes') === concernsExecutive(f, ctx.executives)) &&
      (!filter.excepted || (filter.excepted === 'yes') === (f.exception !== undefined)) &&
      (!filter.change || changeOf(f, ctx.previous) === filter.change) &&
      (!q || text(f).includes(q)),
  );
}

/**
 * `new`, `regressed`, or undefined (not newly open). Newly open is the run's own history step (`lifecycle: new`, what
 * its changes.json lists as new: an excepted finding stays open); regressed when the previous run saw it pass.
 */
export function changeOf(f: Finding, previous: ReadonlyMap<string, string>): 'new' | 'regressed' | undefined {
  if (!OPEN.has(f.status)) return undefined;
  const before = previous.get(f.key);
  const newlyOpen =
    f.lifecycle !== undefined
      ? f.lifecycle === 'new'
      : before === undefined || !(OPEN.has(before) || before === 'excepted');
  if (!newlyOpen) return undefined;
  return before === 'pass' ? 'regressed' : 'new';
}

const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v !== '');

/** How the executive checks mark their findings: `observed.executive: true` or a non-empty `observed.executiveVia`. */
export const markedExecutive = (f: Finding): boolean =>
  f.observed.executive === true || nonEmpty(f.observed.executiveVia);

/** The person a resource id names: people checks use `<email>` or `<email> <system>` (src/model/people/graph-findings.ts). */
const personOf = (f: Finding): string => f.resource.id.split(' ', 1)[0]!.toLowerCase();

/** The emails of the run's executives: the resources of the findings the executive checks marked. */
export const executivesOf = (findings: readonly Finding[]): Set<string> =>
  new Set(findings.filter(markedExecutive).map(personOf));

/** Marked by an executive check, or about a person who is one of the run's executives (their accounts, offboarding). */
export const concernsExecutive = (f: Finding, executives: ReadonlySet<string>): boolean =>
  markedExecutive(f) || (f.resource.id.includes('@') && executives.has(personOf(f)));

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

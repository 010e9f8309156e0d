import { PaginationError } from '../../src/errors.js';

/** Pages any list may take when its size is not known: 5,000 pages of 100 is half a million items. */
export const DEFAULT_MAX_PAGES = 5000;

/** Pages beyond what a reported total needs: items added while the list is read. */
const TOTAL_SLACK_PAGES = 2;

const shown = (continuation: string) => (continuation.length > 120 ? `${continuation.slice(0, 117)}...` : continuation);

/**
 * Bounds one paged read: call `page(continuation)` before requesting each page after the first, with the token, cursor
 * or URL the previous page handed out. It throws a PaginationError naming the operation when a continuation comes
 * back (a client following it would loop forever) or when the pages exceed the cap: what the vendor's total allows
 * once `expect` is told it, else `maxPages`.
 */
export class PageGuard {
  private readonly seen = new Set<string>();
  private count = 1;
  private cap: number;

  constructor(
    readonly operation: string,
    opts: { maxPages?: number; first?: string } = {},
  ) {
    this.cap = opts.maxPages ?? DEFAULT_MAX_PAGES;
    if (!(Number.isInteger(this.cap) && this.cap > 0)) throw new RangeError(`maxPages must be a positive integer`);
    if (opts.first !== undefined) this.seen.add(opts.first);
  }

  /** Pages requested so far, the first included. */
  get pages(): number {
    return this.count;
  }

  /**
   * The vendor reported how many items the list holds (GraphQL `totalCount`) and the page size asked, or how many
   * pages it has (a `rel="last"` link): the cap becomes what they allow, never more than it was.
   */
  expect(total: { items: number; pageSize: number } | { pages: number }): void {
    const pages = 'pages' in total ? total.pages : Math.ceil(total.items / Math.max(1, total.pageSize));
    if (Number.isFinite(pages) && pages >= 0) this.cap = Math.min(this.cap, Math.max(1, pages) + TOTAL_SLACK_PAGES);
  }

  /** Counts the next page, which `continuation` asks for. */
  page(continuation: string): void {
    if (this.seen.has(continuation)) {
      throw new PaginationError(
        `${this.operation}: the continuation ${shown(continuation)} came back after ${this.count} pages; a client following it would never stop`,
        this.operation,
        'repeated-continuation',
        this.count,
      );
    }
    if (this.count >= this.cap) {
      throw new PaginationError(
        `${this.operation}: more than ${this.cap} pages, more than the list can have; stopped paging`,
        this.operation,
        'too-many-pages',
        this.count,
      );
    }
    this.seen.add(continuation);
    this.count += 1;
  }
}

/** The page count a GitHub `Link` header's `rel="last"` URL names (`page=N`), if any. */
export function lastPageOfLink(link: string | null | undefined): number | undefined {
  const last = /<([^<>]+)>;\s*rel="last"/.exec(link ?? '')?.[1];
  if (last === undefined) return undefined;
  let page: number;
  try {
    page = Number(new URL(last).searchParams.get('page'));
  } catch {
    return undefined;
  }
  return Number.isInteger(page) && page > 0 ? page : undefined;
}

import { PageGuard, lastPageOfLink } from '../paging/page-guard.js';

interface PagedResponse<T> {
  data: T[];
  headers: { link?: string };
}

const nextOf = (link: string | undefined): string | undefined => /<([^<>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];

/**
 * A map function for Octokit's `paginate` that bounds the walk along `Link: rel="next"`: a next URL seen before (the
 * list would loop) or more pages than `rel="last"` announced stops it with a PaginationError naming the operation.
 * https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function guardedPages(operation: string): <T>(response: PagedResponse<T>) => T[];
/**
 * The same, projecting each item as its page arrives: a raw REST object (dozens of URLs and nested owners) is
 * garbage once its page is read, so a listing holds only the fields kept, not every page GitHub sent.
 */
export function guardedPages<T, U>(operation: string, project: (item: T) => U): (response: PagedResponse<T>) => U[];
export function guardedPages<T, U>(
  operation: string,
  project?: (item: T) => U,
): (response: PagedResponse<T>) => Array<T | U> {
  const guard = new PageGuard(operation);
  let first = true;
  return (response: PagedResponse<T>): Array<T | U> => {
    const link = response.headers.link;
    if (first) {
      first = false;
      const last = lastPageOfLink(link);
      if (last !== undefined) guard.expect({ pages: last });
    }
    const next = nextOf(link);
    if (next !== undefined) guard.page(next);
    return project ? response.data.map(project) : response.data;
  };
}

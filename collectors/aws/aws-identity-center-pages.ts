import { PageGuard } from '../paging/page-guard.js';

/** Identity Center's and the identity store's page size limit (MaxResults 1–100). */
export const IC_PAGE_SIZE = 100;

/**
 * Every item of a NextToken list, page after page through the page guard (a repeated token or an endless list stops
 * with an error naming `operation`).
 */
export async function allPages<P extends { NextToken?: string | undefined }, T>(
  operation: string,
  fetch: (token: string | undefined) => Promise<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  const guard = new PageGuard(operation);
  const out: T[] = [];
  let token: string | undefined;
  do {
    if (token) guard.page(token);
    const page = await fetch(token);
    out.push(...(items(page) ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

import { malformedResponse } from './google-errors.js';
import { withRetries, type RetryPolicy } from './google-retry.js';

/**
 * Pages through a Google list method, handing each item to `onItem` as its page arrives, so only one page is held
 * at a time. Google omits the list key (`users`, `members`, `items`) of an empty page: absent means empty. A body that
 * is not an object, or a list key that is not an array, is a malformed response (retried, then an error): never "no
 * items". Each page is one request, retried on its own.
 */
export async function forEachItem<I>(
  operation: string,
  policy: RetryPolicy,
  listKey: string,
  fetchPage: (pageToken: string | undefined) => Promise<{ data: unknown }>,
  onItem: (item: I) => void,
): Promise<{ pages: number }> {
  const seen = new Set<string>();
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = await withRetries(operation, policy, async () => {
      const { data } = await fetchPage(pageToken);
      if (data === null || typeof data !== 'object' || Array.isArray(data))
        throw malformedResponse('the body is not a JSON object');
      const body = data as Record<string, unknown>;
      const items = body[listKey];
      if (items !== undefined && !Array.isArray(items)) throw malformedResponse(`"${listKey}" is not a list`);
      const next = body.nextPageToken;
      if (next !== undefined && typeof next !== 'string') throw malformedResponse('"nextPageToken" is not a string');
      return { items: (items ?? []) as I[], next: next || undefined };
    });
    pages++;
    for (const item of page.items) onItem(item);
    if (page.next !== undefined && seen.has(page.next))
      throw malformedResponse(`${operation} returned the page token ${page.next} twice`);
    if (page.next !== undefined) seen.add(page.next);
    pageToken = page.next;
  } while (pageToken !== undefined);
  return { pages };
}

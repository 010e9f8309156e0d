const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

export const encodeCursor = (index: number): string => Buffer.from(`cursor:v2:${index}`).toString('base64url');

export function decodeCursor(cursor: string): number | undefined {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/**
 * Cursor paging as GitHub's secret-scanning endpoints do it: `after`/`before` cursors (an empty `after=` starts at
 * the beginning) and a Link header whose next/prev URLs carry them, keeping every other query parameter.
 * Returns undefined for a cursor it never issued.
 * https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function paginateByCursor<T>(
  items: readonly T[],
  url: URL,
): { items: T[]; link: string | undefined } | undefined {
  const n = Number(url.searchParams.get('per_page'));
  const perPage = Number.isInteger(n) && n > 0 ? Math.min(n, MAX_PER_PAGE) : DEFAULT_PER_PAGE;
  const after = url.searchParams.get('after');
  const before = url.searchParams.get('before');
  let start = 0;
  let end: number;
  if (after) {
    const i = decodeCursor(after);
    if (i === undefined) return undefined;
    start = i + 1;
    end = start + perPage;
  } else if (before) {
    const i = decodeCursor(before);
    if (i === undefined) return undefined;
    end = i;
    start = Math.max(0, end - perPage);
  } else end = perPage;
  const page = items.slice(start, end);
  const link = (rel: string, key: 'after' | 'before', index: number) => {
    const u = new URL(url);
    u.searchParams.delete('after');
    u.searchParams.delete('before');
    u.searchParams.delete('page');
    u.searchParams.set(key, encodeCursor(index));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const rels = [
    ...(start > 0 && page.length > 0 ? [link('prev', 'before', start)] : []),
    ...(end < items.length ? [link('next', 'after', end - 1)] : []),
  ];
  return { items: page, link: rels.length > 0 ? rels.join(', ') : undefined };
}

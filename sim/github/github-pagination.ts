const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

const positiveInt = (v: string | null): number | undefined => {
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * One page of `items` for `per_page` (default 30, at most 100) and `page`, and the `Link` header GitHub sends
 * with it: absolute URLs that keep the other query parameters, none when everything fits on one page.
 * https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function paginate<T>(items: readonly T[], url: URL): { items: T[]; link: string | undefined } {
  const perPage = Math.min(positiveInt(url.searchParams.get('per_page')) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = positiveInt(url.searchParams.get('page')) ?? 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const pageUrl = (n: number) => {
    const u = new URL(url);
    u.searchParams.set('page', String(n));
    return u.toString();
  };
  const rels: Array<[string, number]> = [];
  if (page > 1) rels.push(['prev', Math.min(page - 1, last)]);
  if (page < last) rels.push(['next', page + 1], ['last', last]);
  if (page > 1) rels.push(['first', 1]);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    link: rels.length === 0 ? undefined : rels.map(([rel, n]) => `<${pageUrl(n)}>; rel="${rel}"`).join(', '),
  };
}

import { editJson, REPEAT_TOKEN, withBody, withQuery, type PageFaultHooks } from '../http/page-faults.js';
import type { SimRequest } from '../http/route.js';

const isGraphql = (req: SimRequest) => req.url.pathname.endsWith('/graphql');

function graphqlBody(req: SimRequest): { query?: unknown; variables?: Record<string, unknown> } | undefined {
  try {
    const body = JSON.parse(req.body) as unknown;
    return body !== null && typeof body === 'object' ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The `pageInfo` objects nearest the root of a GraphQL answer: the connections the query pages. */
function outermostPageInfos(data: unknown): Array<Record<string, unknown>> {
  let level: unknown[] = [data];
  while (level.length > 0) {
    const objects = level.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
    const found = objects.flatMap((o) =>
      !Array.isArray(o) && o.pageInfo !== null && typeof o.pageInfo === 'object'
        ? [o.pageInfo as Record<string, unknown>]
        : [],
    );
    if (found.length > 0) return found;
    level = objects.flatMap((o) => Object.values(o));
  }
  return [];
}

/**
 * REST: the `Link` header's next URL is the request's own URL. GraphQL: the outermost connections say
 * `hasNextPage` with REPEAT_TOKEN as `endCursor`, and a cursor variable holding it is read as the first page.
 * Short pages: `per_page`, or every `first:` of the query, lowered to the size.
 */
export const githubPageFaults: PageFaultHooks = {
  async repeatCursor(req, answer) {
    if (!isGraphql(req)) {
      const res = await answer(req);
      return res.status >= 300
        ? res
        : { ...res, headers: { ...res.headers, link: `<${req.url.toString()}>; rel="next"` } };
    }
    const body = graphqlBody(req);
    const variables = Object.fromEntries(
      Object.entries(body?.variables ?? {}).map(([k, v]) => [k, v === REPEAT_TOKEN ? null : v]),
    );
    const res = await answer(body ? withBody(req, JSON.stringify({ ...body, variables })) : req);
    return editJson(res, (json) => {
      for (const info of outermostPageInfos(json.data)) {
        info.hasNextPage = true;
        info.endCursor = REPEAT_TOKEN;
      }
    });
  },
  shortPage(req, size) {
    if (!isGraphql(req)) {
      const asked = Number(req.query.get('per_page') ?? 30);
      return withQuery(req, { per_page: String(Math.min(asked, size)) });
    }
    const body = graphqlBody(req);
    if (typeof body?.query !== 'string') return req;
    const query = body.query.replace(/\bfirst:\s*(\d+)/g, (_m, n: string) => `first: ${Math.min(Number(n), size)}`);
    return withBody(req, JSON.stringify({ ...body, query }));
  },
};

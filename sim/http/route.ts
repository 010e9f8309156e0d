import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  method: string;
  url: URL;
  /** Values of the `{name}` segments of the route's pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON (content-type application/json unless `headers` say otherwise). */
  json?: unknown;
  /** Sent as is (e.g. XML); ignored when `json` is set. */
  text?: string;
}

/**
 * One endpoint. A request matches when every criterion given holds: `method`, the path `pattern` (`{name}` matches
 * one segment), and the `match` predicate, which sees the body, so protocols that route on it fit too, e.g.
 * AWS query (`POST /`, `Action=` in the form body) or JSON 1.1 (`X-Amz-Target` header).
 * The first matching route in the server's list wins.
 */
export interface Route {
  /** Names the route in counts, latency and faults: 'GET /orgs/{org}/members', 'iam:GetCredentialReport'. */
  id: string;
  method?: string;
  pattern?: string;
  match?(req: SimRequest): boolean;
  handle(req: SimRequest): SimResponse | Promise<SimResponse>;
}

export interface CompiledRoute {
  route: Route;
  /** Params if the route matches the request, else undefined. */
  test(req: Omit<SimRequest, 'params'>): Record<string, string> | undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compilePattern(pattern: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  const re = new RegExp(`^${source}/?$`);
  return (path) => {
    const m = re.exec(path);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    try {
      names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    } catch {
      return undefined; // malformed percent-encoding: no route matches
    }
    return params;
  };
}

export function compileRoute(route: Route): CompiledRoute {
  if (route.method === undefined && route.pattern === undefined && route.match === undefined) {
    throw new Error(`route ${route.id} matches every request: give it a method, a pattern or a match predicate`);
  }
  const method = route.method?.toUpperCase();
  const pathParams = route.pattern === undefined ? () => ({}) : compilePattern(route.pattern);
  return {
    route,
    test(req) {
      if (method !== undefined && req.method !== method) return undefined;
      const params = pathParams(req.url.pathname);
      if (params === undefined) return undefined;
      if (route.match && !route.match({ ...req, params })) return undefined;
      return params;
    },
  };
}

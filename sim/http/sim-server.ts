import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANY_ROUTE, FaultPlan, type Fault } from './faults.js';
import { compileRoute, type CompiledRoute, type Route, type SimRequest, type SimResponse } from './route.js';
import type { PageFaultHooks } from './page-faults.js';

/** Counted under this id: requests no route matched. */
export const UNMATCHED = 'unmatched';

/** How one vendor shapes the answers the server makes up itself. */
export interface SimServerOptions {
  /** Answer when no route matches (default 404 `{ message: 'Not Found' }`). */
  notFound?(req: SimRequest): SimResponse;
  /** Answer for a 'rate-limit' fault (default 429 with `retry-after`). */
  rateLimited?(req: SimRequest, retryAfterSeconds: number, secondary: boolean): SimResponse;
  /** The vendor's paging, for the 'repeat-cursor' and 'short-page' faults (without it they answer 500). */
  pages?: PageFaultHooks;
  /** Last look at every response before it is sent, e.g. to add the vendor's common headers. */
  finish?(req: SimRequest, res: SimResponse, routeId: string): SimResponse;
}

const defaultNotFound = (): SimResponse => ({ status: 404, json: { message: 'Not Found' } });
const defaultRateLimited = (_req: SimRequest, retryAfterSeconds: number): SimResponse => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  json: { message: 'Too Many Requests' },
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serialize(res: SimResponse): { headers: Record<string, string>; body: string } {
  const headers = Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (res.json !== undefined) {
    headers['content-type'] ??= 'application/json; charset=utf-8';
    return { headers, body: JSON.stringify(res.json) };
  }
  if (res.text !== undefined) headers['content-type'] ??= 'text/plain; charset=utf-8';
  return { headers, body: res.text ?? '' };
}

/**
 * A fake vendor API on 127.0.0.1 (ephemeral port) that real SDK clients reach through their base URL.
 * Counts requests per route id, and can add latency and faults per route id ('*' for every route).
 */
export class SimServer {
  readonly faults = new FaultPlan();
  private readonly routes: CompiledRoute[];
  private readonly server: Server;
  private readonly requestCounts = new Map<string, number>();
  private readonly serviceMs: number[] = [];
  private readonly latency = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private baseUrl: string | undefined;

  constructor(
    readonly name: string,
    routes: readonly Route[],
    private readonly options: SimServerOptions = {},
  ) {
    const ids = new Set<string>();
    for (const r of routes) {
      if (ids.has(r.id) || r.id === UNMATCHED || r.id === ANY_ROUTE)
        throw new Error(`${name}: route id ${r.id} is reserved or used twice`);
      ids.add(r.id);
    }
    this.routes = routes.map(compileRoute);
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ message: `${this.name} simulator error: ${String(err)}` }));
      });
    });
  }

  /** Ids of the routes, in matching order. */
  routeIds(): string[] {
    return this.routes.map((r) => r.route.id);
  }

  /** Starts listening; resolves to the base URL, e.g. http://127.0.0.1:49152. */
  listen(): Promise<string> {
    if (this.baseUrl) return Promise.resolve(this.baseUrl);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve(this.baseUrl);
      });
    });
  }

  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.name} simulator is not listening`);
    return this.baseUrl;
  }

  /** Stops listening and drops every connection, including hung and keep-alive ones. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.baseUrl = undefined;
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.requestCounts);
  }

  total(): number {
    let n = 0;
    for (const c of this.requestCounts.values()) n += c;
    return n;
  }

  /**
   * How long each answer took to compute after the injected latency (route, fault hooks, serialization), in ms: the
   * simulator's own share of the vendor's time, which the benchmark counts on the vendor's side of the latency bound.
   */
  serviceTimes(): readonly number[] {
    return this.serviceMs;
  }

  resetCounts(): void {
    this.requestCounts.clear();
    this.serviceMs.length = 0;
  }

  /** Delay before answering requests to one route, or to all ('*'); a route's own value wins. */
  setLatency(routeIdOrStar: string, ms: number): void {
    if (ms > 0) this.latency.set(routeIdOrStar, ms);
    else this.latency.delete(routeIdOrStar);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? new URL(this.url).host}`);
    const base = {
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    let match: { route: Route; params: Record<string, string> } | undefined;
    for (const c of this.routes) {
      const params = c.test(base);
      if (params) {
        match = { route: c.route, params };
        break;
      }
    }
    const routeId = match?.route.id ?? UNMATCHED;
    const simReq: SimRequest = { ...base, params: match?.params ?? {} };
    this.requestCounts.set(routeId, (this.requestCounts.get(routeId) ?? 0) + 1);

    await this.delay(this.latency.get(routeId) ?? this.latency.get(ANY_ROUTE) ?? 0);
    const fault = this.faults.take(routeId);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const started = performance.now();
    const answer = await this.answer(simReq, match?.route, fault);
    const finished = this.options.finish ? this.options.finish(simReq, answer.res, routeId) : answer.res;
    const { headers, body: out } = serialize(finished);
    this.serviceMs.push(performance.now() - started);
    if (fault?.kind === 'truncated') {
      const whole = Buffer.from(out);
      const length = fault.chunked ? {} : { 'content-length': String(whole.length) };
      res.writeHead(finished.status, { ...headers, ...length });
      res.write(whole.subarray(0, Math.floor(whole.length / 2)), () => res.destroy());
      return;
    }
    const payload = answer.truncate ? out.slice(0, Math.floor(out.length / 2)) || '{' : out;
    res.writeHead(finished.status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
    res.end(payload);
  }

  private async answer(
    req: SimRequest,
    route: Route | undefined,
    fault: Fault | undefined,
  ): Promise<{ res: SimResponse; truncate?: boolean }> {
    switch (fault?.kind) {
      case 'status':
        return {
          res: {
            status: fault.status,
            headers: fault.headers,
            json: fault.body ?? (fault.text === undefined ? { message: `Simulated ${fault.status}` } : undefined),
            text: fault.text,
          },
        };
      case 'rate-limit':
        return {
          res: (this.options.rateLimited ?? defaultRateLimited)(req, fault.retryAfterSeconds, fault.secondary ?? false),
        };
      case 'repeat-cursor':
        return { res: await this.pageHooks().repeatCursor(req, (r) => this.normal(r, route)) };
      case 'short-page':
        return { res: await this.normal(this.pageHooks().shortPage(req, fault.size), route) };
      case 'malformed': {
        const normal = await this.normal(req, route);
        return { res: { ...normal, status: 200 }, truncate: true };
      }
      default:
        return { res: await this.normal(req, route) };
    }
  }

  private pageHooks(): PageFaultHooks {
    if (!this.options.pages) throw new Error(`the ${this.name} simulator has no paging hooks for page faults`);
    return this.options.pages;
  }

  private async normal(req: SimRequest, route: Route | undefined): Promise<SimResponse> {
    return route ? await route.handle(req) : (this.options.notFound ?? defaultNotFound)(req);
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}

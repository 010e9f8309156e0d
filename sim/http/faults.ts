/** What a simulated endpoint does instead of answering normally. */
export type Fault =
  /** Answer with this status; `body` is sent as JSON, `text` as is (e.g. an AWS XML error). */
  | { kind: 'status'; status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  /**
   * Answer "slow down" with a `retry-after` header; the server's vendor hook decides the exact shape. `secondary`:
   * the vendor's other limit, where it has one (GitHub's secondary rate limit, a 403).
   */
  | { kind: 'rate-limit'; retryAfterSeconds: number; secondary?: boolean }
  /** Never answer; the socket stays open until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** 200 with the normal body cut in half, so it is not valid JSON. */
  | { kind: 'malformed' }
  /**
   * The normal answer's headers, then half its body, then the connection is destroyed: the `content-length` promises
   * the whole body (or, `chunked`, the chunked body never ends).
   */
  | { kind: 'truncated'; chunked?: boolean }
  /** The connection is destroyed before any answer. */
  | { kind: 'reset' }
  /**
   * The page's continuation (link, cursor, token) is the one the request carried, so a client that follows it asks
   * for the same page forever. The first request carries none: it gets the vendor hook's repeat token, which the
   * hook answers as the first page.
   */
  | { kind: 'repeat-cursor' }
  /** At most `size` items however many were asked, with a continuation to the rest: a correct client follows it. */
  | { kind: 'short-page'; size: number };

interface Planned {
  fault: Fault;
  remaining: number;
}

/** Route id that a fault applies to when no fault is planned for the route itself. */
export const ANY_ROUTE = '*';

/**
 * Faults planned per route id, consumed in the order injected. A route's own plan is used before the `*` plan.
 */
export class FaultPlan {
  private readonly planned = new Map<string, Planned[]>();

  inject(routeId: string, fault: Fault, opts: { times?: number } = {}): void {
    const times = opts.times ?? Infinity;
    if (!(times > 0)) throw new RangeError(`times must be positive, got ${times}`);
    const list = this.planned.get(routeId) ?? [];
    list.push({ fault, remaining: times });
    this.planned.set(routeId, list);
  }

  /** Forgets the faults of one route, or of all routes. */
  clear(routeId?: string): void {
    if (routeId === undefined) this.planned.clear();
    else this.planned.delete(routeId);
  }

  /** How many more requests to the route will be faulted (Infinity if unbounded). */
  remaining(routeId: string): number {
    return (this.planned.get(routeId) ?? []).reduce((n, p) => n + p.remaining, 0);
  }

  /** The fault for the next request to `routeId`, if any; consumes one use. */
  take(routeId: string): Fault | undefined {
    return this.takeFrom(routeId) ?? (routeId === ANY_ROUTE ? undefined : this.takeFrom(ANY_ROUTE));
  }

  private takeFrom(key: string): Fault | undefined {
    const list = this.planned.get(key);
    const head = list?.[0];
    if (!list || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    if (list.length === 0) this.planned.delete(key);
    return head.fault;
  }
}

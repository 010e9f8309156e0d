import { gaxios } from 'google-auth-library';

/** Where google-auth-library posts every token request, whatever the key file says. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface GoogleTransportOptions {
  /** Called once per HTTP attempt, retries and token requests included. */
  countRequest(): void;
  signal: AbortSignal;
  timeoutMs: number;
  /** Token endpoint to use instead of Google's (a test server). */
  tokenUrl?: string;
}

const urlOf = (input: Parameters<typeof fetch>[0]): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** Statuses whose response has no body to read (Fetch standard "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The one HTTP transport of the Google collector, shared by the auth client (token requests) and the Admin SDK
 * client: counts every attempt, bounds each with a timeout and the collector's signal, and sends token requests to
 * `tokenUrl` when one is configured (google-auth-library 10 hard-codes Google's token URL).
 *
 * The timeout is a timer owned here, not `AbortSignal.timeout()`: `AbortSignal.any()` holds its sources weakly, so a
 * timeout signal nothing else references is garbage-collected and never fires, leaving a hung request to the
 * collector's limit. The body is read under the same timer (the responses are small JSON), then the timer is cleared.
 */
export function createGoogleTransport(opts: GoogleTransportOptions): InstanceType<typeof gaxios.Gaxios> {
  const tokenUrl = opts.tokenUrl;
  const fetchImplementation: typeof fetch = async (input, init) => {
    opts.countRequest();
    const url = urlOf(input);
    const target = tokenUrl && url.startsWith(GOOGLE_TOKEN_URL) ? tokenUrl + url.slice(GOOGLE_TOKEN_URL.length) : input;
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, opts.timeoutMs);
    const signals = [opts.signal, timeout.signal, init?.signal].filter((s): s is AbortSignal => Boolean(s));
    try {
      const res = await fetch(target, { ...init, signal: AbortSignal.any(signals) });
      if (res.body === null || NULL_BODY.has(res.status)) return res;
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      clearTimeout(timer);
    }
  };
  return new gaxios.Gaxios({ fetchImplementation });
}

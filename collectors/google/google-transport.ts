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

/**
 * The one HTTP transport of the Google collector, shared by the auth client (token requests) and the Admin SDK
 * client: counts every attempt, bounds each with a timeout and the collector's signal, and sends token requests to
 * `tokenUrl` when one is configured (google-auth-library 10 hard-codes Google's token URL).
 */
export function createGoogleTransport(opts: GoogleTransportOptions): InstanceType<typeof gaxios.Gaxios> {
  const tokenUrl = opts.tokenUrl;
  const fetchImplementation: typeof fetch = (input, init) => {
    opts.countRequest();
    const url = urlOf(input);
    const target = tokenUrl && url.startsWith(GOOGLE_TOKEN_URL) ? tokenUrl + url.slice(GOOGLE_TOKEN_URL.length) : input;
    const signals = [opts.signal, AbortSignal.timeout(opts.timeoutMs), init?.signal].filter((s): s is AbortSignal =>
      Boolean(s),
    );
    return fetch(target, { ...init, signal: AbortSignal.any(signals) });
  };
  return new gaxios.Gaxios({ fetchImplementation });
}

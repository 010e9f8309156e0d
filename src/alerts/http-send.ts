import { redactSecrets } from '../logging/redact.js';

export interface HttpRequest {
  url: string;
  method?: 'POST' | 'GET' | 'PUT' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
}

export interface SendOptions {
  timeoutMs: number;
  /** Attempts after the first, on 429, 5xx, timeouts and network errors. */
  retries: number;
  /** Epoch ms after which nothing more is tried (the run's delivery budget). */
  deadline: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SendResult {
  ok: boolean;
  attempts: number;
  status?: number;
  body?: string;
  /** Why it failed, without the URL (a webhook URL is itself the credential) or any header. */
  error?: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const MAX_BACKOFF_MS = 10_000;

/** Seconds or an HTTP date; Slack sends seconds with its 429. https://docs.slack.dev/apis/web-api/rate-limits */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const retryable = (status: number) => status === 429 || status >= 500;

/** A short, secret-free account of an error body or a network failure. */
export const describeBody = (text: string): string => redactSecrets(text.replace(/\s+/g, ' ').trim()).slice(0, 200);

function describeError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'AbortError')
    return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  return `network error${cause?.code ? ` (${cause.code})` : ''}`;
}

/**
 * One request with a per-attempt time limit and bounded retries: backoff doubling from 500 ms, or the server's
 * Retry-After when it gives one; never past `deadline`. Never throws: the outcome says what happened.
 */
export async function sendWithRetry(req: HttpRequest, o: SendOptions): Promise<SendResult> {
  const doFetch = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? defaultSleep;
  let last: SendResult = { ok: false, attempts: 0, error: 'not attempted: no time left' };
  for (let attempt = 1; attempt <= o.retries + 1; attempt++) {
    const left = o.deadline - now();
    if (left <= 0) return { ...last, error: `${last.error ?? 'failed'}; delivery time budget spent` };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.min(o.timeoutMs, left));
    let wait: number | undefined;
    try {
      const res = await doFetch(req.url, {
        method: req.method ?? 'POST',
        headers: req.headers ?? {},
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal: controller.signal,
      });
      const body = await res.text();
      if (res.ok) return { ok: true, attempts: attempt, status: res.status, body };
      last = {
        ok: false,
        attempts: attempt,
        status: res.status,
        body,
        error: `HTTP ${res.status}: ${describeBody(body)}`,
      };
      if (!retryable(res.status)) return last;
      wait = retryAfterMs(res.headers.get('retry-after'), now());
    } catch (err) {
      last = { ok: false, attempts: attempt, error: describeError(err, Math.min(o.timeoutMs, left)) };
    } finally {
      clearTimeout(timer);
    }
    if (attempt > o.retries) break;
    const delay = wait ?? Math.min(MAX_BACKOFF_MS, 500 * 2 ** (attempt - 1));
    if (now() + delay >= o.deadline)
      return {
        ...last,
        error: `${last.error ?? 'failed'}; retry in ${Math.ceil(delay / 1000)} s would pass the delivery time budget`,
      };
    await sleep(delay);
  }
  return last;
}

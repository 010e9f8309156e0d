const MALFORMED = 'MalformedResponse';

/** A 200 whose body is not the JSON object the method returns (truncated, HTML from a proxy): retried like a 5xx. */
export const malformedResponse = (what: string): Error => Object.assign(new Error(what), { name: MALFORMED });

/** Reasons Google gives with a 403 that mean "slow down", not "forbidden". */
const RATE_LIMIT_REASONS = new Set([
  'userRateLimitExceeded',
  'rateLimitExceeded',
  'quotaExceeded',
  'dailyLimitExceeded',
]);

export interface GoogleErrorInfo {
  status?: number;
  /** `errors[0].reason` of a Google API error, or `error` of an OAuth error (`unauthorized_client`). */
  reason?: string;
  message: string;
  retryAfterMs?: number;
  /** No HTTP answer: connection refused or reset, the per-request timeout fired, or a malformed body. */
  network: boolean;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  status?: unknown;
  response?: { status?: number; headers?: Headers | Record<string, string>; data?: unknown };
}

const header = (h: Headers | Record<string, string> | undefined, name: string): string | undefined =>
  h === undefined ? undefined : h instanceof Headers ? (h.get(name) ?? undefined) : h[name];

/** `Retry-After` as delay-seconds or an HTTP date. https://www.rfc-editor.org/rfc/rfc9110#field.retry-after */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Status, reason and message of a gaxios error from the Admin SDK (`{ error: { code, message, errors: [{ reason }] } }`)
 * or from the token endpoint (`{ error, error_description }`). The message never carries request headers or bodies.
 * https://developers.google.com/admin-sdk/directory/v1/limits
 */
export function describeGoogleError(err: unknown, nowMs = Date.now()): GoogleErrorInfo {
  const e = (err ?? {}) as ErrorLike;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const data = e.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  let reason: string | undefined;
  let detail: string | undefined;
  if (data && typeof data.error === 'string') {
    reason = data.error;
    detail = typeof data.error_description === 'string' ? data.error_description : undefined;
  } else if (data && typeof data.error === 'object' && data.error !== null) {
    const apiError = data.error as { message?: unknown; errors?: Array<{ reason?: unknown }>; status?: unknown };
    const first = apiError.errors?.[0]?.reason;
    reason = typeof first === 'string' ? first : typeof apiError.status === 'string' ? apiError.status : undefined;
    detail = typeof apiError.message === 'string' ? apiError.message : undefined;
  }
  const timedOut =
    e.name === 'TimeoutError' || e.code === 'TimeoutError' || /timeout|aborted due to timeout/i.test(e.message ?? '');
  // Only transport failures count as "no answer" (and are retried); a bug elsewhere keeps its own message.
  const transport =
    e.name === MALFORMED ||
    timedOut ||
    (typeof err === 'object' && err !== null && 'config' in err) ||
    /fetch failed|ECONN|socket hang up|other side closed/i.test(e.message ?? '');
  const network = status === undefined && transport;
  let message: string;
  if (e.name === MALFORMED) message = `malformed response: ${e.message ?? ''}`;
  else if (status !== undefined) message = `HTTP ${status}${reason ? ` ${reason}` : ''}${detail ? `: ${detail}` : ''}`;
  else if (timedOut) message = 'request aborted: no answer within the time limit';
  else message = transport ? `no HTTP answer: ${e.message ?? String(err)}${causeOf(err)}` : (e.message ?? String(err));
  const retryAfterMs = parseRetryAfter(header(e.response?.headers, 'retry-after'), nowMs);
  return {
    ...(status !== undefined ? { status } : {}),
    ...(reason ? { reason } : {}),
    message,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    network,
  };
}

/** Worth another attempt: 429, 5xx, a 403 rate-limit reason, or no answer at all (unless the run was aborted). */
export const isRetryable = (info: GoogleErrorInfo): boolean =>
  info.network ||
  info.status === 429 ||
  (info.status !== undefined && info.status >= 500) ||
  (info.status === 403 && info.reason !== undefined && RATE_LIMIT_REASONS.has(info.reason));

/** fetch reports "fetch failed" and keeps why (ENOTFOUND, ECONNREFUSED, …) in its cause chain: say it. */
function causeOf(err: unknown): string {
  const seen = new Set<unknown>();
  let c: unknown = (err as { cause?: unknown } | null)?.cause;
  while (c !== null && typeof c === 'object' && !seen.has(c)) {
    seen.add(c);
    const { code, hostname, message } = c as { code?: unknown; hostname?: unknown; message?: unknown };
    if (typeof code === 'string') return ` (${code}${typeof hostname === 'string' ? ` ${hostname}` : ''})`;
    const next = (c as { cause?: unknown }).cause;
    if (next === undefined) return typeof message === 'string' && message !== '' ? ` (${message})` : '';
    c = next;
  }
  return '';
}

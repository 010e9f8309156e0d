/** HTTP statuses whose responses carry no body (a Response with one cannot be built). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * `fetch` with a time limit on the whole exchange, headers and body. The timer is owned here and cleared when the
 * exchange settles: a timeout built with `AbortSignal.any([..., AbortSignal.timeout(ms)])` stops firing once a
 * garbage collection reclaims the timeout signal, which nothing else holds, and a hung connection then hangs the run.
 * https://github.com/nodejs/node/issues/57736
 */
export async function fetchWithDeadline(
  input: Parameters<typeof fetch>[0],
  init: RequestInit,
  timeoutMs: number,
  signals: readonly AbortSignal[],
): Promise<Response> {
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(new DOMException(`the request timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  try {
    const res = await fetch(input, { ...init, signal: AbortSignal.any([...signals, deadline.signal]) });
    // Read the body under the same deadline; GitHub's answers are JSON pages of at most a few megabytes.
    const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
    const copy = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    Object.defineProperty(copy, 'url', { value: res.url });
    return copy;
  } finally {
    clearTimeout(timer);
  }
}

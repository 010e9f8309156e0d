import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { retry } from '@octokit/plugin-retry';
import { createAppAuth } from '@octokit/auth-app';
import type { CollectorContext } from '../../src/model/collector.js';
import type { GithubSourceConfig } from '../../src/model/config/github-config.js';
import { CollectorError } from '../../src/errors.js';
import { fetchWithDeadline } from './fetch-with-deadline.js';

const GithubOctokit = Octokit.plugin(throttling, retry);

/** Carries a request's operation from the caller to the fetch wrapper; removed before the request leaves. */
const CALL_HEADER = 'x-assay-call';
export type GithubClient = InstanceType<typeof GithubOctokit>;

/** Longest wait for a primary rate-limit reset before giving up on a call. */
const MAX_RATE_LIMIT_WAIT_S = 15 * 60;

/** How a client authenticates: a token, or a GitHub App (as the app itself, or as one installation). */
export type GithubCredentials =
  { kind: 'token'; token: string } | { kind: 'app'; appId: number; privateKey: string; installationId?: number };

/**
 * plugin-throttling runs every GraphQL request through its "write" queue: one at a time, a second apart, which
 * GitHub asks for mutations only. assay sends read-only queries, which page one after another anyway, so they skip
 * that queue; the global concurrency limit and every rate-limit rule still apply.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests
 */
const readOnlyQueue = { key: () => ({ schedule: <T>(_options: unknown, fn: () => T) => fn() }) };

/**
 * Octokit with GitHub's rate-limit rules: throttling waits out `retry-after` (secondary limits) and
 * `x-ratelimit-reset` (primary, also when GraphQL reports it as a 200 with a RATE_LIMITED error); retry covers 5xx
 * and network errors. Each HTTP attempt is counted and has its own time limit, so a hung connection becomes a retry,
 * not a stuck run.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
export function createGithubClient(
  ctx: CollectorContext<GithubSourceConfig>,
  credentials: GithubCredentials,
): GithubClient {
  const { config, log } = ctx;
  const timeoutMs = config.requestTimeoutSeconds * 1000;
  const counters = new Map<string, () => void>();
  let nextCall = 0;
  const countingFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    const call = headers.get(CALL_HEADER);
    headers.delete(CALL_HEADER);
    ((call && counters.get(call)) || ctx.countRequest)();
    const signals = [ctx.signal, init?.signal].filter((s): s is AbortSignal => Boolean(s));
    return fetchWithDeadline(input, { ...init, headers }, timeoutMs, signals);
  };
  const auth =
    credentials.kind === 'token'
      ? { auth: credentials.token }
      : {
          authStrategy: createAppAuth,
          auth: {
            appId: credentials.appId,
            privateKey: credentials.privateKey,
            ...(credentials.installationId ? { installationId: credentials.installationId } : {}),
          },
        };
  const client = new GithubOctokit({
    ...auth,
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    userAgent: 'assay (read-only compliance collector)',
    request: { fetch: countingFetch },
    // Rate limits (403/429) are the throttling plugin's to wait out; the retry plugin retrying them again would
    // multiply every wait. https://github.com/octokit/plugin-retry.js#options
    retry: { retries: config.retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    log: {
      debug: () => {},
      info: () => {},
      warn: (msg: string) => log.warn({ source: 'octokit' }, msg),
      error: (msg: string) => log.error({ source: 'octokit' }, msg),
    },
    throttle: {
      write: readOnlyQueue as never,
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log.warn({ retryAfter, url: options.url }, `GitHub rate limit reached; waiting ${retryAfter} s`);
        return retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        options: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        log.warn({ retryAfter, url: options.url }, `GitHub secondary rate limit; waiting ${retryAfter} s`);
        return retryCount < 3;
      },
    },
  });
  // The throttling and retry queues run requests outside the caller's async context, so each request carries the
  // counter of the operation that made it (outermost hook: it runs in the caller's context, once per logical request).
  client.hook.wrap('request', async (request, options) => {
    const id = String(++nextCall);
    counters.set(id, ctx.bindRequestCounter());
    options.headers = { ...options.headers, [CALL_HEADER]: id };
    try {
      const response = await request(options);
      // Octokit hands a JSON body it cannot parse on as text, which later reads would take for an odd value.
      if (
        typeof response.data === 'string' &&
        response.data !== '' &&
        /json/i.test(response.headers['content-type'] ?? '')
      ) {
        throw new CollectorError(
          `GitHub answered ${options.method} ${options.url} with a body that is not valid JSON (${response.data.length} characters)`,
          `${options.method} ${options.url}`,
          response.status,
        );
      }
      return response;
    } finally {
      counters.delete(id);
    }
  });
  return client;
}

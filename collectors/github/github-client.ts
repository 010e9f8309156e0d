import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { retry } from '@octokit/plugin-retry';
import type { CollectorContext } from '../../src/model/collector.js';
import type { GithubSourceConfig } from '../../src/model/config/github-config.js';

const GithubOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GithubOctokit>;

/** Longest wait for a primary rate-limit reset before giving up on a call. */
const MAX_RATE_LIMIT_WAIT_S = 15 * 60;

/**
 * Octokit with GitHub's rate-limit rules: throttling waits out `retry-after` (secondary limits) and
 * `x-ratelimit-reset` (primary); retry covers 5xx and network errors. Each HTTP attempt is counted and has its
 * own time limit, so a hung connection becomes a retry, not a stuck run.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
export function createGithubClient(ctx: CollectorContext<GithubSourceConfig>): GithubClient {
  const { config, log } = ctx;
  const timeoutMs = config.requestTimeoutSeconds * 1000;
  const countingFetch: typeof fetch = (input, init) => {
    ctx.countRequest();
    const signals = [ctx.signal, AbortSignal.timeout(timeoutMs), init?.signal].filter((s): s is AbortSignal => Boolean(s));
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
  return new GithubOctokit({
    auth: ctx.secret(config.auth.token, 'sources.github.auth.token'),
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    userAgent: 'assay (read-only compliance collector)',
    request: { fetch: countingFetch },
    retry: { retries: config.retries },
    log: {
      debug: () => {},
      info: () => {},
      warn: (msg: string) => log.warn({ source: 'octokit' }, msg),
      error: (msg: string) => log.error({ source: 'octokit' }, msg),
    },
    throttle: {
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log.warn({ retryAfter, url: options.url }, `GitHub rate limit reached; waiting ${retryAfter} s`);
        return retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log.warn({ retryAfter, url: options.url }, `GitHub secondary rate limit; waiting ${retryAfter} s`);
        return retryCount < 3;
      },
    },
  });
}

import type { Logger } from 'pino';
import { CollectorError } from '../../src/errors.js';
import { describeGoogleError, isRetryable } from './google-errors.js';

export interface RetryPolicy {
  retries: number;
  /** First backoff; doubles per attempt (Google: "exponential backoff", 1 s, 2 s, 4 s … plus jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails instead. */
  maxRetryAfterMs: number;
  signal: AbortSignal;
  log: Logger;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs one HTTP request with Google's retry rules: 429, 5xx, 403 userRateLimitExceeded / rateLimitExceeded /
 * quotaExceeded and network failures are retried after `Retry-After` when given, else exponential backoff with jitter.
 * Anything else fails at once as a CollectorError naming `operation`, with a message free of credentials.
 * https://developers.google.com/admin-sdk/directory/v1/limits#backoff
 */
export async function withRetries<T>(operation: string, policy: RetryPolicy, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (policy.signal.aborted)
        throw new CollectorError('the collector ran out of time', operation, undefined, { cause: err });
      const info = describeGoogleError(err);
      const retry = isRetryable(info) && attempt < policy.retries && (info.retryAfterMs ?? 0) <= policy.maxRetryAfterMs;
      if (!retry) {
        const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
        throw new CollectorError(`${info.message}${tries}`, operation, info.status);
      }
      const backoff =
        Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt) + Math.random() * policy.baseDelayMs;
      const delay = info.retryAfterMs ?? backoff;
      policy.log.warn(
        { operation, status: info.status, reason: info.reason, attempt: attempt + 1, delayMs: Math.round(delay) },
        `Google ${operation}: ${info.message}; retrying`,
      );
      await sleep(delay, policy.signal);
    }
  }
}

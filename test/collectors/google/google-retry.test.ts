import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { describeGoogleError, isRetryable, parseRetryAfter } from '../../../collectors/google/google-errors.js';
import { withRetries } from '../../../collectors/google/google-retry.js';
import { CollectorError } from '../../../src/errors.js';

const gaxiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`Request failed with status code ${status}`), {
    config: {},
    response: { status, data, headers: new Headers(headers) },
  });
const policy = (retries: number) => ({
  retries,
  baseDelayMs: 1,
  maxDelayMs: 4,
  maxRetryAfterMs: 2000,
  signal: new AbortController().signal,
  log: pino({ level: 'silent' }),
});

describe('Google errors and retries', () => {
  it('reads status, reason and Retry-After from API and OAuth errors', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(
      describeGoogleError(
        gaxiosLike(
          403,
          { error: { code: 403, message: 'User Rate Limit Exceeded', errors: [{ reason: 'userRateLimitExceeded' }] } },
          { 'retry-after': '3' },
        ),
        now,
      ),
    ).toEqual({
      status: 403,
      reason: 'userRateLimitExceeded',
      message: 'HTTP 403 userRateLimitExceeded: User Rate Limit Exceeded',
      retryAfterMs: 3000,
      network: false,
    });
    expect(
      describeGoogleError(
        gaxiosLike(401, { error: 'unauthorized_client', error_description: 'Client is unauthorized' }),
      ),
    ).toMatchObject({
      status: 401,
      reason: 'unauthorized_client',
      message: 'HTTP 401 unauthorized_client: Client is unauthorized',
    });
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('retries rate limits, 5xx and network failures, but not a plain 403 or 404', () => {
    const retryable = (status: number, reason?: string) =>
      isRetryable(describeGoogleError(gaxiosLike(status, { error: { errors: [{ reason }] } })));
    expect([
      retryable(429),
      retryable(503),
      retryable(403, 'quotaExceeded'),
      retryable(403, 'rateLimitExceeded'),
    ]).toEqual([true, true, true, true]);
    expect([retryable(403, 'forbidden'), retryable(404, 'notFound'), retryable(400, 'invalid')]).toEqual([
      false,
      false,
      false,
    ]);
    expect(isRetryable(describeGoogleError(new TypeError('fetch failed')))).toBe(true);
  });

  it('waits and tries again up to the limit, then throws a CollectorError naming the operation', async () => {
    let n = 0;
    await expect(
      withRetries('directory.users.list', policy(2), async () =>
        ++n < 3 ? Promise.reject(gaxiosLike(503, {})) : 'ok',
      ),
    ).resolves.toBe('ok');
    n = 0;
    const err = await withRetries('directory.users.list', policy(1), async () => {
      n++;
      throw gaxiosLike(500, { error: { message: 'Backend Error', errors: [{ reason: 'backendError' }] } });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectorError);
    expect(err).toMatchObject({
      operation: 'directory.users.list',
      status: 500,
      message: 'HTTP 500 backendError: Backend Error (after 2 attempts)',
    });
    expect(n).toBe(2);
  });

  it('does not wait out a Retry-After longer than the limit', async () => {
    let n = 0;
    const err = await withRetries('reports.activities.list(token/authorize)', policy(5), async () => {
      n++;
      throw gaxiosLike(429, {}, { 'retry-after': '3600' });
    }).catch((e: unknown) => e);
    expect(n).toBe(1);
    expect(err).toMatchObject({ status: 429, message: 'HTTP 429' });
  });
});

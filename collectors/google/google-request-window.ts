import { setTimeout as delay } from 'node:timers/promises';

/** Hands out request slots: at most `perWindow` requests start in any one window of `windowMs`. */
export interface RequestWindow {
  /** Resolves when a request may start; rejects when `signal` aborts while waiting. */
  take(): Promise<void>;
}

/**
 * A fixed-window request budget, shared by the workers of one bulk read, so that together they stay under the
 * Directory API's per-minute quota instead of each discovering it through 403 rateLimitExceeded answers.
 * https://developers.google.com/admin-sdk/directory/v1/limits
 */
export function requestWindow(
  perWindow: number,
  windowMs: number,
  signal: AbortSignal,
  now: () => number = performance.now.bind(performance),
): RequestWindow {
  if (!Number.isInteger(perWindow) || perWindow < 1) throw new RangeError(`perWindow must be ≥ 1, got ${perWindow}`);
  let start = now();
  let used = 0;
  return {
    async take() {
      // Each pass either takes a slot or sleeps until the window rolls over, when slots free up again.
      for (;;) {
        signal.throwIfAborted();
        const t = now();
        if (t - start >= windowMs) {
          start = t;
          used = 0;
        }
        if (used < perWindow) {
          used++;
          return;
        }
        // An abort rejects with the signal's reason (the collector's own error), not a generic AbortError.
        await delay(Math.max(1, start + windowMs - t), undefined, { signal }).catch((err: unknown) => {
          signal.throwIfAborted();
          throw err;
        });
      }
    },
  };
}

const WINDOW_SECONDS = 3600;

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

/**
 * GitHub's primary rate limit: a budget per token (per client for anonymous requests) in an hourly window.
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export class GithubRateLimit {
  private readonly used = new Map<string, number>();
  private reset: number;

  constructor(private readonly nowMs: () => number = Date.now) {
    this.reset = this.windowEnd();
  }

  /** Counts one request; `exceeded` when the budget was already spent. */
  consume(key: string, limit: number): RateLimitStatus & { exceeded: boolean } {
    this.roll();
    const before = this.used.get(key) ?? 0;
    const exceeded = before >= limit;
    const used = exceeded ? before : before + 1;
    this.used.set(key, used);
    return { limit, used, remaining: limit - used, reset: this.reset, exceeded };
  }

  private roll(): void {
    if (this.nowMs() / 1000 < this.reset) return;
    this.used.clear();
    this.reset = this.windowEnd();
  }

  private windowEnd(): number {
    return Math.floor(this.nowMs() / 1000) + WINDOW_SECONDS;
  }
}

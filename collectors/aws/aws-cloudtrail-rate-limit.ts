import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';

/**
 * Lets requests through at most one per `intervalMs`, in arrival order. Each waits for the previous one's actual
 * release, not a precomputed slot: a timer that fires late (a busy event loop) must not let the next one through early.
 */
export class RequestSpacer {
  private released: Promise<number> = Promise.resolve(Number.NEGATIVE_INFINITY);

  constructor(private readonly intervalMs: number) {}

  async wait(signal: AbortSignal): Promise<void> {
    const previous = this.released;
    let release!: (at: number) => void;
    this.released = new Promise((resolve) => (release = resolve));
    const prev = await previous;
    try {
      const delay = prev + this.intervalMs - Date.now();
      if (delay > 0) await sleep(delay, undefined, { signal });
      release(Date.now());
    } catch (err) {
      release(prev);
      throw err;
    }
  }
}

/**
 * CloudTrail answers LookupEvents at most twice a second per account and region: space every LookupEvents attempt
 * (retries included: the middleware sits after the retry step) through one spacer per client.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
 */
export function spaceLookupEvents(client: CloudTrailClient, signal: AbortSignal, perSecond = 2): void {
  const spacer = new RequestSpacer(1000 / perSecond);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'LookupEventsCommand') await spacer.wait(signal);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'assayLookupEventsSpacing' },
  );
}

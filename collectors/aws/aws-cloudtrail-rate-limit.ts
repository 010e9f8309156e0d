import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';

/** Lets requests through at most one per `intervalMs`, in arrival order. */
export class RequestSpacer {
  private nextAt = 0;

  constructor(private readonly intervalMs: number) {}

  async wait(signal: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await sleep(at - now, undefined, { signal });
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

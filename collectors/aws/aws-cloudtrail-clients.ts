import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsAccountSession } from './aws-accounts.js';
import type { RegionLookup } from './aws-cloudtrail-events.js';
import { spaceLookupEvents } from './aws-cloudtrail-rate-limit.js';

export interface CloudTrailClients {
  client(region: string): CloudTrailClient;
  /** One LookupEvents series at a time per region, each request spaced to CloudTrail's limit. */
  lookup: RegionLookup;
  destroy(): void;
}

/** One CloudTrail client per region of one account, made when first needed. */
export function cloudTrailClients(session: AwsAccountSession, signal: AbortSignal): CloudTrailClients {
  const clients = new Map<string, CloudTrailClient>();
  const queues = new Map<string, LimitFunction>();
  const client = (region: string): CloudTrailClient => {
    let c = clients.get(region);
    if (!c) {
      c = new CloudTrailClient(session.clientConfig(region));
      spaceLookupEvents(c, signal);
      clients.set(region, c);
    }
    return c;
  };
  return {
    client,
    lookup: (region, fn) => {
      let q = queues.get(region);
      if (!q) queues.set(region, (q = pLimit(1)));
      return q(() => fn(client(region)));
    },
    destroy: () => clients.forEach((c) => c.destroy()),
  };
}

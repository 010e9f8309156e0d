import {
  LookupEventsCommand,
  type CloudTrailClient,
  type Event,
  type LookupAttributeKey,
} from '@aws-sdk/client-cloudtrail';
import type { CallFn } from '../../src/model/collector.js';
import type { BedrockActivity, CloudTrailEvent, EventWindow } from '../../src/model/datasets/aws-cloudtrail.js';
import { trimEvent } from './aws-cloudtrail-event-parse.js';
import { PageGuard } from '../paging/page-guard.js';

const PAGE_SIZE = 50;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** CloudTrail event history keeps 90 days. */
export const HISTORY_DAYS = 90;
/** Events reach the event history within about 15 minutes: re-read that much before the previous run. */
export const CLOUDTRAIL_DELIVERY_DELAY_MS = 15 * 60_000;
/** Bedrock usage: at most this many pages of bedrock.amazonaws.com events per region before giving up (usage unknown). */
const BEDROCK_PAGES = 3;

/** Names of the risky events, by dataset. IAM is a global service: its events are recorded in the partition's global region. */
export const POLICY_EVENTS = [
  'AttachUserPolicy',
  'AttachGroupPolicy',
  'AttachRolePolicy',
  'PutUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'AddUserToGroup',
];
export const MFA_EVENTS = ['DeactivateMFADevice', 'DeleteVirtualMFADevice'];
/** PutEventSelectors can stop management-event logging without StopLogging. */
export const TRAIL_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'];
export const LOGIN_EVENTS = ['ConsoleLogin'];
export const ASSUME_ROLE_EVENTS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'];
/** Inference calls: Bedrock's own read calls (assay's included) do not count as use. */
export const BEDROCK_INVOCATIONS = new Set([
  'InvokeModel',
  'InvokeModelWithResponseStream',
  'Converse',
  'ConverseStream',
]);

export interface TimeWindow {
  start: Date;
  end: Date;
}

/**
 * From where the last successful read ended (minus the delivery delay) or `lookbackHours` ago, to now; never past the
 * 90 days CloudTrail keeps.
 */
export function eventWindow(now: Date, lookbackHours: number, readUntil: Date | undefined): TimeWindow {
  const oldest = now.getTime() - HISTORY_DAYS * DAY_MS;
  const from = readUntil ? readUntil.getTime() - CLOUDTRAIL_DELIVERY_DELAY_MS : now.getTime() - lookbackHours * HOUR_MS;
  return { start: new Date(Math.min(Math.max(from, oldest), now.getTime())), end: now };
}

/** The region where a partition's global services (IAM, console sign-in of the root user) record their events. */
export const globalEventRegion = (region: string): string =>
  region.startsWith('cn-') ? 'cn-north-1' : region.startsWith('us-gov-') ? 'us-gov-west-1' : 'us-east-1';

interface LookupOptions {
  key: LookupAttributeKey;
  value: string;
  window: TimeWindow;
  signal: AbortSignal;
  maxPages?: number;
  /** Stops paging once a page satisfies it. */
  enough?: (page: Event[]) => boolean;
}

/**
 * LookupEvents for one attribute (CloudTrail accepts one per call), 50 a page, every page sent with the same
 * parameters and the previous NextToken. https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export async function lookupEvents(
  client: CloudTrailClient,
  o: LookupOptions,
): Promise<{ events: Event[]; complete: boolean }> {
  const events: Event[] = [];
  let token: string | undefined;
  let pages = 0;
  const guard = new PageGuard('cloudtrail:LookupEvents');
  do {
    if (token) guard.page(token);
    const page = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: o.key, AttributeValue: o.value }],
        StartTime: o.window.start,
        EndTime: o.window.end,
        MaxResults: PAGE_SIZE,
        ...(token ? { NextToken: token } : {}),
      }),
      { abortSignal: o.signal },
    );
    pages++;
    const items = page.Events ?? [];
    events.push(...items);
    token = page.NextToken || undefined;
    if (o.enough?.(items)) return { events, complete: true };
  } while (token && (o.maxPages === undefined || pages < o.maxPages));
  return { events, complete: token === undefined };
}

export interface EventQuery {
  /** Event names looked up one by one (EventName), or a resource whose events are read (ResourceName). */
  lookups: Array<{ key: LookupAttributeKey; value: string }>;
  regions: readonly string[];
  /** Enabled regions left out by `sources.aws.regions`, for the record. */
  regionsNotRead: readonly string[];
  /** Keeps only the events the dataset is about (ResourceName lookups return every event naming the resource). */
  keep?: (e: CloudTrailEvent) => boolean;
}

/** Runs `fn` with the region's CloudTrail client, one lookup at a time per region (the client spaces the requests). */
export type RegionLookup = <T>(region: string, fn: (client: CloudTrailClient) => Promise<T>) => Promise<T>;

/**
 * Every lookup of `q` in every region, each recorded as one cloudtrail:LookupEvents call, deduplicated by event id.
 * Once one lookup fails the dataset is lost, so the lookups still waiting are skipped rather than spend the rate limit.
 */
export async function collectEventWindow(
  call: CallFn,
  lookup: RegionLookup,
  q: EventQuery,
  window: TimeWindow,
  signal: AbortSignal,
): Promise<EventWindow> {
  let failed = false;
  const batches = await Promise.all(
    q.regions.flatMap((region) =>
      q.lookups.map((l) =>
        lookup(region, async (client) => {
          if (failed) return [];
          try {
            return await call('cloudtrail:LookupEvents', async () =>
              (await lookupEvents(client, { ...l, window, signal })).events.map(trimEvent),
            );
          } catch (err) {
            failed = true;
            throw err;
          }
        }),
      ),
    ),
  );
  const byId = new Map<string, CloudTrailEvent>();
  for (const e of batches.flat()) if (!q.keep || q.keep(e)) byId.set(e.eventId, e);
  return {
    startTime: window.start.toISOString(),
    endTime: window.end.toISOString(),
    regions: [...q.regions],
    regionsNotRead: [...q.regionsNotRead],
    eventNames: [...new Set(q.lookups.filter((l) => l.key === 'EventName').map((l) => l.value))],
    events: [...byId.values()].sort(
      (a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId),
    ),
  };
}

/** The most recent Bedrock inference call in a region over the 90 days CloudTrail keeps. */
export async function bedrockActivity(
  call: CallFn,
  client: CloudTrailClient,
  region: string,
  now: Date,
  signal: AbortSignal,
): Promise<BedrockActivity> {
  const window = { start: new Date(now.getTime() - HISTORY_DAYS * DAY_MS), end: now };
  const isInvocation = (e: Event) => BEDROCK_INVOCATIONS.has(e.EventName ?? '');
  const { events, complete } = await call('cloudtrail:LookupEvents', () =>
    lookupEvents(client, {
      key: 'EventSource',
      value: 'bedrock.amazonaws.com',
      window,
      signal,
      maxPages: BEDROCK_PAGES,
      enough: (page) => page.some(isInvocation),
    }),
  );
  const last = events.find(isInvocation);
  return {
    region,
    lastInvocation: last ? { eventTime: (last.EventTime ?? now).toISOString(), eventName: last.EventName! } : null,
    searchedAll: last !== undefined || complete,
  };
}

import { createHash } from 'node:crypto';
import { AwsSimError } from './aws-protocol.js';
import type { AwsAction, AwsCall } from './aws-route-table.js';
import type { AwsSimAccount, AwsSimState } from './aws-state.js';
import type { SimCloudTrailEvent, SimTrail } from './cloudtrail-state.js';

const CT = { protocol: 'json', service: 'cloudtrail', targetPrefix: 'CloudTrail_20131101' } as const;
const MAX_RESULTS = 50;
/** LookupEvents: 2 requests per second per account and region, no more than 2 at once. */
const LOOKUP_RATE = 2;

const epoch = (iso: string) => Date.parse(iso) / 1000;
const trailArn = (owner: string, t: SimTrail) => `arn:aws:cloudtrail:${t.homeRegion}:${owner}:trail/${t.name}`;

/** The trails a caller sees: its own, plus the management account's organization trails. */
function visibleTrails(state: AwsSimState, account: AwsSimAccount): Array<{ owner: string; trail: SimTrail }> {
  const own = account.cloudtrail.trails.map((trail) => ({ owner: account.id, trail }));
  const management = state.accounts.find((a) => a.id === state.managementAccountId);
  const org =
    account.id === state.managementAccountId || !management
      ? []
      : management.cloudtrail.trails.filter((t) => t.organization).map((trail) => ({ owner: management.id, trail }));
  return [...own, ...org];
}

function describe(owner: string, t: SimTrail) {
  return {
    Name: t.name,
    S3BucketName: t.bucket,
    IncludeGlobalServiceEvents: t.multiRegion,
    IsMultiRegionTrail: t.multiRegion,
    HomeRegion: t.homeRegion,
    TrailARN: trailArn(owner, t),
    LogFileValidationEnabled: t.logFileValidation,
    ...(t.kmsKeyId ? { KmsKeyId: t.kmsKeyId } : {}),
    HasCustomEventSelectors: t.readWrite !== 'All' || t.advancedSelectors || (t.excludeSources ?? []).length > 0,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.organization,
  };
}

/** A trail by name (in its home region only) or by ARN (anywhere), as GetTrailStatus and GetEventSelectors accept. */
function findTrail(call: AwsCall, nameOrArn: unknown) {
  const key = typeof nameOrArn === 'string' ? nameOrArn : '';
  const hit = visibleTrails(call.state, call.account).find(({ owner, trail }) =>
    key.startsWith('arn:') ? trailArn(owner, trail) === key : trail.name === key && trail.homeRegion === call.region,
  );
  if (!hit) throw new AwsSimError('TrailNotFoundException', `Unknown trail: ${key} for the user: ${call.account.id}`);
  return hit;
}

function selectors(t: SimTrail) {
  const excluded = t.excludeSources ?? [];
  if (t.advancedSelectors) {
    const readOnly =
      t.readWrite === 'All' ? [] : [{ Field: 'readOnly', Equals: [t.readWrite === 'ReadOnly' ? 'true' : 'false'] }];
    const sources = excluded.length ? [{ Field: 'eventSource', NotEquals: excluded }] : [];
    return {
      AdvancedEventSelectors: [
        {
          Name: 'Management events',
          FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...readOnly, ...sources],
        },
      ],
    };
  }
  return {
    EventSelectors: [
      {
        ReadWriteType: t.readWrite,
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: excluded,
      },
    ],
  };
}

const ATTRIBUTES: Record<string, (e: SimCloudTrailEvent, v: string) => boolean> = {
  EventId: (e, v) => e.id === v,
  EventName: (e, v) => e.name === v,
  EventSource: (e, v) => e.source === v,
  Username: (e, v) => e.username === v,
  ReadOnly: (e, v) => String(e.readOnly) === v,
  ResourceName: (e, v) => e.resources.some((r) => r.name === v),
  ResourceType: (e, v) => e.resources.some((r) => r.type === v),
  AccessKeyId: (e, v) => e.accessKeyId === v,
};

/**
 * LookupEvents as CloudTrail serves it: one attribute at most, 50 events a page, newest first, a NextToken valid only
 * with the same parameters, and a per account and region token bucket answering ThrottlingException when exceeded.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
function lookupEvents(buckets: Map<string, { tokens: number; at: number }>) {
  return (call: AwsCall) => {
    const key = `${call.account.id}/${call.region}`;
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: LOOKUP_RATE, at: now };
    b.tokens = Math.min(LOOKUP_RATE, b.tokens + ((now - b.at) / 1000) * LOOKUP_RATE);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) throw new AwsSimError('ThrottlingException', 'Rate exceeded');
    b.tokens -= 1;

    const j = call.json as {
      LookupAttributes?: Array<{ AttributeKey?: string; AttributeValue?: string }>;
      StartTime?: number;
      EndTime?: number;
      MaxResults?: number;
      NextToken?: string;
    };
    const attrs = j.LookupAttributes ?? [];
    if (attrs.length > 1)
      throw new AwsSimError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
    const attr = attrs[0];
    const test = attr ? ATTRIBUTES[attr.AttributeKey ?? ''] : undefined;
    if (attr && !test)
      throw new AwsSimError('InvalidLookupAttributesException', `Invalid attribute key: ${attr.AttributeKey}`);
    const max = j.MaxResults ?? MAX_RESULTS;
    if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
      throw new AwsSimError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
    const end = j.EndTime ?? Date.parse(call.state.now) / 1000;
    const start = j.StartTime ?? end - 90 * 86_400;
    if (start > end) throw new AwsSimError('InvalidTimeRangeException', 'Start time must not be after end time.');
    const digest = createHash('sha256')
      .update(JSON.stringify([attrs, start, end, max]))
      .digest('hex')
      .slice(0, 16);
    let offset = 0;
    if (j.NextToken) {
      const [h, o] = Buffer.from(j.NextToken, 'base64url').toString().split(':');
      if (h !== digest || !/^\d+$/.test(o ?? ''))
        throw new AwsSimError('InvalidNextTokenException', 'The NextToken is not valid for these parameters.');
      offset = Number(o);
    }
    const matching = call.account.cloudtrail.events.filter(
      (e) =>
        e.region === call.region &&
        epoch(e.time) >= start &&
        epoch(e.time) <= end &&
        (!attr || test!(e, attr.AttributeValue ?? '')),
    );
    const page = matching.slice(offset, offset + max);
    const next =
      offset + max < matching.length ? Buffer.from(`${digest}:${offset + max}`).toString('base64url') : undefined;
    return {
      Events: page.map((e) => ({
        EventId: e.id,
        EventName: e.name,
        ReadOnly: String(e.readOnly),
        ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
        EventTime: epoch(e.time),
        EventSource: e.source,
        ...(e.username ? { Username: e.username } : {}),
        Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
        CloudTrailEvent: JSON.stringify(e.record),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  };
}

/** CloudTrail: DescribeTrails, GetTrailStatus, GetEventSelectors, LookupEvents. */
export function cloudtrailActions(): AwsAction[] {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return [
    {
      ...CT,
      action: 'DescribeTrails',
      handle: (call) => {
        const shadows = (call.json as { includeShadowTrails?: boolean }).includeShadowTrails !== false;
        const list = visibleTrails(call.state, call.account).filter(
          ({ trail }) => trail.homeRegion === call.region || (shadows && trail.multiRegion),
        );
        return { trailList: list.map(({ owner, trail }) => describe(owner, trail)) };
      },
    },
    {
      ...CT,
      action: 'GetTrailStatus',
      handle: (call) => {
        const { trail } = findTrail(call, (call.json as { Name?: string }).Name);
        const delivered = epoch(call.state.now) - (trail.logging ? 300 : 86_400);
        return {
          IsLogging: trail.logging,
          LatestDeliveryTime: trail.deliveryError ? epoch(call.state.now) - 30 * 86_400 : delivered,
          StartLoggingTime: epoch(call.state.now) - 400 * 86_400,
          ...(trail.logging ? {} : { StopLoggingTime: delivered }),
          ...(trail.deliveryError
            ? { LatestDeliveryError: trail.deliveryError, LatestDeliveryAttemptTime: String(delivered) }
            : {}),
        };
      },
    },
    {
      ...CT,
      action: 'GetEventSelectors',
      handle: (call) => {
        const { owner, trail } = findTrail(call, (call.json as { TrailName?: string }).TrailName);
        return { TrailARN: trailArn(owner, trail), ...selectors(trail) };
      },
    },
    { ...CT, action: 'LookupEvents', handle: lookupEvents(buckets) },
  ];
}

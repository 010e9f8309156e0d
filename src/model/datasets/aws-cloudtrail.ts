import { z } from 'zod';
import { orFailed } from './aws-call-failure.js';

/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html */
export const BasicEventSelectorSchema = z.object({
  ReadWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).optional(),
  IncludeManagementEvents: z.boolean().optional(),
  ExcludeManagementEventSources: z.array(z.string()).optional(),
});

/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html */
export const AdvancedEventSelectorSchema = z.object({
  Name: z.string().optional(),
  FieldSelectors: z.array(
    z.object({
      Field: z.string(),
      Equals: z.array(z.string()).optional(),
      NotEquals: z.array(z.string()).optional(),
      StartsWith: z.array(z.string()).optional(),
      NotStartsWith: z.array(z.string()).optional(),
    }),
  ),
});

export const TrailSelectorsSchema = z.object({
  EventSelectors: z.array(BasicEventSelectorSchema),
  AdvancedEventSelectors: z.array(AdvancedEventSelectorSchema),
});
export type TrailSelectors = z.infer<typeof TrailSelectorsSchema>;

/**
 * One trail from DescribeTrails (shadow trails included, deduplicated by ARN), with GetTrailStatus and
 * GetEventSelectors read once in its home region. A failed per-trail call is kept as `{ failed }`.
 */
export const TrailSchema = z.object({
  Name: z.string(),
  TrailARN: z.string(),
  HomeRegion: z.string(),
  IsMultiRegionTrail: z.boolean(),
  IsOrganizationTrail: z.boolean(),
  IncludeGlobalServiceEvents: z.boolean(),
  LogFileValidationEnabled: z.boolean(),
  KmsKeyId: z.string().optional(),
  S3BucketName: z.string().optional(),
  status: orFailed(
    z.object({
      IsLogging: z.boolean(),
      LatestDeliveryError: z.string().optional(),
      LatestDeliveryTime: z.iso.datetime().optional(),
    }),
  ),
  selectors: orFailed(TrailSelectorsSchema),
});
export type Trail = z.infer<typeof TrailSchema>;

/**
 * A CloudTrail event trimmed to what the checks show: who, when, from where, and the few request parameters that
 * say what changed. Response elements are dropped (AssumeRole returns credentials) except the console login result.
 */
export const CloudTrailEventSchema = z.object({
  eventId: z.string(),
  eventName: z.string(),
  eventTime: z.iso.datetime(),
  eventSource: z.string(),
  awsRegion: z.string(),
  sourceIPAddress: z.string().optional(),
  userIdentity: z.object({ type: z.string().optional(), arn: z.string().optional(), userName: z.string().optional() }),
  /** Set when the call was refused: the change did not happen. */
  errorCode: z.string().optional(),
  /** ConsoleLogin: `additionalEventData.MFAUsed`. */
  mfaUsed: z.string().optional(),
  /** ConsoleLogin: `responseElements.ConsoleLogin`, `Success` or `Failure`. */
  loginResult: z.string().optional(),
  requestParameters: z
    .object({
      policyArn: z.string(),
      policyName: z.string(),
      /** Put*Policy and CreatePolicyVersion: the policy document as sent (JSON text). */
      policyDocument: z.string(),
      setAsDefault: z.boolean(),
      userName: z.string(),
      groupName: z.string(),
      roleName: z.string(),
      roleArn: z.string(),
      roleSessionName: z.string(),
      serialNumber: z.string(),
      /** StopLogging, DeleteTrail, UpdateTrail (`name`), PutEventSelectors, PutInsightSelectors (`trailName`): the trail name or ARN. */
      name: z.string(),
    })
    .partial(),
});
export type CloudTrailEvent = z.infer<typeof CloudTrailEventSchema>;

/** Events of some names over a time window, from LookupEvents in `regions`. */
export const EventWindowSchema = z.object({
  startTime: z.iso.datetime(),
  endTime: z.iso.datetime(),
  regions: z.array(z.string()),
  /** Regions enabled for the account that `sources.aws.regions` left out: events there were not read. */
  regionsNotRead: z.array(z.string()),
  eventNames: z.array(z.string()),
  events: z.array(CloudTrailEventSchema),
});
export type EventWindow = z.infer<typeof EventWindowSchema>;

/** Whether Bedrock was invoked in a region over the last 90 days (LookupEvents, EventSource bedrock.amazonaws.com). */
export const BedrockActivitySchema = z.object({
  region: z.string(),
  lastInvocation: z.object({ eventTime: z.iso.datetime(), eventName: z.string() }).nullable(),
  /** False when the page limit was reached before any invocation was found: usage is then unknown. */
  searchedAll: z.boolean(),
});
export type BedrockActivity = z.infer<typeof BedrockActivitySchema>;

export const awsCloudtrailDatasets = {
  'aws-cloudtrail.trails': z.array(TrailSchema),
  /**
   * Attach*Policy, Put*Policy, CreatePolicyVersion, SetDefaultPolicyVersion and AddUserToGroup (IAM, recorded in the
   * partition's global region).
   */
  'aws-cloudtrail.policyChangeEvents': EventWindowSchema,
  'aws-cloudtrail.consoleLoginEvents': EventWindowSchema,
  /** DeactivateMFADevice and DeleteVirtualMFADevice. */
  'aws-cloudtrail.mfaDeviceEvents': EventWindowSchema,
  /** StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors and PutInsightSelectors. */
  'aws-cloudtrail.trailChangeEvents': EventWindowSchema,
  /** AssumeRole of the roles in `sources.aws.cloudtrail.breakGlassRoles`; not applicable when none are named. */
  'aws-cloudtrail.breakGlassEvents': EventWindowSchema.extend({ roleArns: z.array(z.string()) }),
  'aws-cloudtrail.bedrockActivity': z.array(BedrockActivitySchema),
};

/** The account id in an ARN (`arn:aws:cloudtrail:us-east-1:123456789012:trail/x`). */
export const arnAccount = (arn: string): string | undefined => arn.split(':')[4] || undefined;

/** What the eventSource field of an advanced selector keeps, or undefined when it does not filter sources. */
function sourceFilter(f: AdvancedFieldSelector | undefined): string | undefined {
  if (!f) return undefined;
  const parts = [
    ...(f.Equals?.length ? [`only ${f.Equals.join(', ')}`] : []),
    ...(f.StartsWith?.length ? [`only ${f.StartsWith.map((x) => `${x}*`).join(', ')}`] : []),
    ...(f.NotEquals?.length ? [`excludes ${f.NotEquals.join(', ')}`] : []),
    ...(f.NotStartsWith?.length ? [`excludes ${f.NotStartsWith.map((x) => `${x}*`).join(', ')}`] : []),
  ];
  return parts.length ? parts.join('; ') : undefined;
}
type AdvancedFieldSelector = TrailSelectors['AdvancedEventSelectors'][number]['FieldSelectors'][number];

/**
 * Which management events a trail's selectors record from every event source (`read`, `write`), and the source
 * filters of the selectors that would otherwise count: ExcludeManagementEventSources (KMS, RDS Data API) or an
 * advanced selector on eventSource. A trail that drops a source does not record "all management events".
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 */
export function managementEventCoverage(s: TrailSelectors): { read: boolean; write: boolean; filtered: string[] } {
  let read = false;
  let write = false;
  const filtered: string[] = [];
  for (const sel of s.EventSelectors) {
    if (sel.IncludeManagementEvents === false) continue;
    if (sel.ExcludeManagementEventSources?.length) {
      filtered.push(`excludes ${sel.ExcludeManagementEventSources.join(', ')}`);
      continue;
    }
    const rw = sel.ReadWriteType ?? 'All';
    if (rw !== 'WriteOnly') read = true;
    if (rw !== 'ReadOnly') write = true;
  }
  for (const sel of s.AdvancedEventSelectors) {
    const category = sel.FieldSelectors.find((f) => f.Field === 'eventCategory');
    if (!category?.Equals?.includes('Management')) continue;
    const sources = sourceFilter(sel.FieldSelectors.find((f) => f.Field === 'eventSource'));
    if (sources) {
      filtered.push(sources);
      continue;
    }
    const readOnly = sel.FieldSelectors.find((f) => f.Field === 'readOnly');
    const only =
      readOnly?.Equals ??
      (readOnly?.NotEquals?.length === 1 ? [readOnly.NotEquals[0] === 'true' ? 'false' : 'true'] : undefined);
    if (!only || only.includes('true')) read = true;
    if (!only || only.includes('false')) write = true;
  }
  return { read, write, filtered };
}

/** `arn:aws:iam::123:user/alice from 203.0.113.7`: who did it, for finding messages. */
export function describeActor(e: CloudTrailEvent): string {
  const who = e.userIdentity.arn ?? e.userIdentity.userName ?? e.userIdentity.type ?? 'an unknown principal';
  return e.sourceIPAddress ? `${who} from ${e.sourceIPAddress}` : who;
}

/** The observed values every event finding carries. */
export const eventObserved = (e: CloudTrailEvent): Record<string, unknown> => ({
  eventId: e.eventId,
  eventName: e.eventName,
  eventTime: e.eventTime,
  awsRegion: e.awsRegion,
  actor: e.userIdentity,
  ...(e.sourceIPAddress ? { sourceIPAddress: e.sourceIPAddress } : {}),
});

export const eventResource = (e: CloudTrailEvent) => ({
  type: 'aws-cloudtrail-event',
  id: e.eventId,
  name: e.eventName,
});

/** Oldest first, so findings read as a timeline. */
export const byEventTime = (a: CloudTrailEvent, b: CloudTrailEvent): number =>
  a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId);

const ADMIN_POLICY = /^arn:aws[\w-]*:iam::aws:policy\/AdministratorAccess$/;
export const isAdministratorAccessArn = (arn: string): boolean => ADMIN_POLICY.test(arn);

/**
 * `between 2026-11-22T12:00:00.000Z and … in us-east-1, eu-west-1`: the span and regions an event check read, and the
 * enabled regions `sources.aws.regions` left unread.
 */
export const describeWindow = (w: Pick<EventWindow, 'startTime' | 'endTime' | 'regions' | 'regionsNotRead'>): string =>
  `between ${w.startTime} and ${w.endTime} in ${w.regions.join(', ')}${w.regionsNotRead.length ? ` (not read: ${w.regionsNotRead.join(', ')}, enabled but left out by sources.aws.regions)` : ''}`;

export const windowObserved = (w: EventWindow, matched: number): Record<string, unknown> => ({
  startTime: w.startTime,
  endTime: w.endTime,
  regions: w.regions,
  regionsNotRead: w.regionsNotRead,
  eventsRead: w.events.length,
  matched,
});

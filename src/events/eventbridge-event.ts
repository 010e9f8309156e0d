import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { CloudTrailEvent } from '../model/datasets/aws-cloudtrail.js';
import { trimEvent } from '../../collectors/aws/aws-cloudtrail-event-parse.js';

/** The detail types EventBridge gives CloudTrail management events and console sign-ins. */
export const CLOUDTRAIL_DETAIL_TYPES = ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'] as const;

/**
 * The EventBridge envelope around a CloudTrail record; `detail` is the record as CloudTrail writes it.
 * https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export const EventBridgeCloudTrailSchema = z.object({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.enum(CLOUDTRAIL_DETAIL_TYPES),
  source: z.string().regex(/^aws\.[a-z0-9-]+$/),
  account: z.string().regex(/^\d{12}$/),
  time: z.iso.datetime(),
  region: z.string().min(1),
  resources: z.array(z.string()),
  detail: z.looseObject({
    eventVersion: z.string(),
    eventID: z.string().min(1),
    eventName: z.string().min(1),
    eventSource: z.string().min(1),
    eventTime: z.iso.datetime(),
    awsRegion: z.string(),
    userIdentity: z.looseObject({ type: z.string().optional() }),
  }),
});
export type EventBridgeCloudTrail = z.infer<typeof EventBridgeCloudTrailSchema>;

export const isCloudTrailEnvelope = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  (CLOUDTRAIL_DETAIL_TYPES as readonly string[]).includes(String((e as Record<string, unknown>)['detail-type']));

export function parseEventBridgeEvent(raw: unknown): EventBridgeCloudTrail {
  const r = EventBridgeCloudTrailSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(
      `EventBridge event: ${i.path.join('.') || '(top level)'}: ${i.message} (expected a CloudTrail event as EventBridge delivers it)`,
    );
  }
  return r.data;
}

/** The record in the CloudTrail dataset's shape, trimmed exactly as LookupEvents items are (no credentials kept). */
export const cloudTrailEventOf = (e: EventBridgeCloudTrail): CloudTrailEvent =>
  trimEvent({
    CloudTrailEvent: JSON.stringify(e.detail),
    EventId: e.detail.eventID,
    EventName: e.detail.eventName,
    EventTime: new Date(e.time),
  });

import type { Event } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailEvent } from '../../src/model/datasets/aws-cloudtrail.js';
import { redactSecrets } from '../../src/logging/redact.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Request parameters the checks read; everything else (and every response element) is dropped. */
const STRING_PARAMS = [
  'policyArn',
  'policyName',
  'policyDocument',
  'userName',
  'groupName',
  'roleName',
  'roleArn',
  'roleSessionName',
  'serialNumber',
  'name',
] as const;

function requestParameters(raw: unknown): CloudTrailEvent['requestParameters'] {
  const p = obj(raw);
  const out: CloudTrailEvent['requestParameters'] = {};
  for (const k of STRING_PARAMS) {
    const v = str(p[k]);
    // A policy document is the one free text kept: a key pasted into it stays at the source.
    if (v !== undefined) out[k] = k === 'policyDocument' ? redactSecrets(v) : v;
  }
  if (typeof p.setAsDefault === 'boolean') out.setAsDefault = p.setAsDefault;
  // PutEventSelectors and PutInsightSelectors name the trail `trailName`.
  const trailName = str(p.trailName);
  if (!out.name && trailName) out.name = trailName;
  return out;
}

function isoTime(v: unknown, fallback: Date | undefined): string {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  if (fallback) return fallback.toISOString();
  throw new Error('a CloudTrail event has no eventTime');
}

/**
 * One LookupEvents item reduced to the fields the checks use, read from its `CloudTrailEvent` JSON. Access key ids,
 * session credentials (AssumeRole's responseElements) and anything else that could be a secret are never copied.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export function trimEvent(e: Event): CloudTrailEvent {
  let raw: Json;
  try {
    raw = obj(JSON.parse(e.CloudTrailEvent ?? ''));
  } catch {
    throw new Error(`LookupEvents returned event ${e.EventId ?? '(no id)'} whose CloudTrailEvent is not JSON`);
  }
  const eventId = str(raw.eventID) ?? e.EventId;
  const eventName = str(raw.eventName) ?? e.EventName;
  if (!eventId || !eventName) throw new Error('LookupEvents returned an event without an id or name');
  const identity = obj(raw.userIdentity);
  const issuer = obj(obj(identity.sessionContext).sessionIssuer);
  const userName = str(identity.userName) ?? str(issuer.userName) ?? e.Username;
  const mfaUsed = str(obj(raw.additionalEventData).MFAUsed);
  const loginResult = str(obj(raw.responseElements).ConsoleLogin);
  const ip = str(raw.sourceIPAddress);
  const errorCode = str(raw.errorCode);
  return {
    eventId,
    eventName,
    eventTime: isoTime(raw.eventTime, e.EventTime),
    eventSource: str(raw.eventSource) ?? e.EventSource ?? '',
    awsRegion: str(raw.awsRegion) ?? '',
    ...(ip ? { sourceIPAddress: ip } : {}),
    userIdentity: {
      ...(str(identity.type) ? { type: str(identity.type) } : {}),
      ...(str(identity.arn) ? { arn: str(identity.arn) } : {}),
      ...(userName ? { userName } : {}),
    },
    ...(errorCode ? { errorCode } : {}),
    ...(mfaUsed ? { mfaUsed } : {}),
    ...(loginResult ? { loginResult } : {}),
    requestParameters: requestParameters(raw.requestParameters),
  };
}

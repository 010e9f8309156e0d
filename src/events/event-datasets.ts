import type { CloudTrailEvent, EventWindow } from '../model/datasets/aws-cloudtrail.js';
import {
  ASSUME_ROLE_EVENTS,
  LOGIN_EVENTS,
  MFA_EVENTS,
  POLICY_EVENTS,
  TRAIL_EVENTS,
} from '../../collectors/aws/aws-cloudtrail-events.js';
import { breakGlassRoleArns } from '../../collectors/aws/aws-cloudtrail-collector.js';

const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/**
 * The CloudTrail datasets one event belongs to, each a window of that one event at its own time, with the same
 * names and filters the scheduled collector uses; `{}` when no event check reads it.
 */
export function eventDatasets(
  e: CloudTrailEvent,
  account: string,
  breakGlassRoles: readonly string[],
): Record<string, EventWindow | (EventWindow & { roleArns: string[] })> {
  const window = (eventNames: readonly string[]): EventWindow => ({
    startTime: e.eventTime,
    endTime: e.eventTime,
    regions: [e.awsRegion],
    regionsNotRead: [],
    eventNames: [...eventNames],
    events: [e],
  });
  const out: Record<string, EventWindow | (EventWindow & { roleArns: string[] })> = {};
  if (POLICY_EVENTS.includes(e.eventName)) out['aws-cloudtrail.policyChangeEvents'] = window(POLICY_EVENTS);
  if (MFA_EVENTS.includes(e.eventName)) out['aws-cloudtrail.mfaDeviceEvents'] = window(MFA_EVENTS);
  if (TRAIL_EVENTS.includes(e.eventName)) out['aws-cloudtrail.trailChangeEvents'] = window(TRAIL_EVENTS);
  if (LOGIN_EVENTS.includes(e.eventName)) out['aws-cloudtrail.consoleLoginEvents'] = window(LOGIN_EVENTS);
  if (ASSUME_ROLE_EVENTS.includes(e.eventName)) {
    const roleArns = breakGlassRoleArns(breakGlassRoles, partitionOf(e.awsRegion), account);
    const watched = new Set(roleArns.map((a) => a.toLowerCase()));
    if (watched.has((e.requestParameters.roleArn ?? '').toLowerCase()))
      out['aws-cloudtrail.breakGlassEvents'] = { ...window(ASSUME_ROLE_EVENTS), roleArns };
  }
  return out;
}

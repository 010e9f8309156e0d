import type { AttestationEntry, BreakGlassUse } from '../../src/model/datasets/attestations.js';
import {
  byEventTime,
  describeActor,
  eventResource,
  type EventWindow,
} from '../../src/model/datasets/aws-cloudtrail.js';
import type { DatasetTypes } from '../../src/model/datasets/index.js';
import { findingKey } from '../../src/model/finding.js';
import { scopeKey } from '../../src/model/scope.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const EVENTS = 'aws-cloudtrail.breakGlassEvents';
const SOURCE_CHECK = 'aws-cloudtrail-event-break-glass-role-assumed';
/** A reviewed use stays in the dataset this long after it happened, so its pass is visible for a while. */
const KEEP_REVIEWED_MS = 90 * 24 * 3600 * 1000;

type Reviews = DatasetTypes['attestations.breakGlassReviews'];

/** Which accounts' break-glass events this run read, which it could not, and the uses found. */
export function breakGlassUsesOfRun(snapshots: readonly Snapshot[]): Pick<Reviews, 'accountsRead' | 'unread'> & {
  uses: Omit<BreakGlassUse, 'review'>[];
  notApplicable: string[];
} {
  const accountsRead: string[] = [];
  const unread: Reviews['unread'] = [];
  const notApplicable: string[] = [];
  const uses: Omit<BreakGlassUse, 'review'>[] = [];
  for (const s of snapshots) {
    const missing = s.missing[EVENTS];
    if (missing?.kind === 'error')
      unread.push({ account: s.scope.id, operation: missing.operation, message: missing.message });
    else if (missing) notApplicable.push(missing.message);
    if (!(EVENTS in s.data)) continue;
    accountsRead.push(s.scope.id);
    const w = s.data[EVENTS] as EventWindow;
    for (const e of w.events.filter((x) => !x.errorCode).sort(byEventTime))
      uses.push({
        eventId: e.eventId,
        // The key the break-glass check gives this event's finding, so a review may name either.
        findingKey: findingKey(SOURCE_CHECK, scopeKey(s.scope), `${eventResource(e).type}:${e.eventId}`),
        account: s.scope.id,
        eventTime: e.eventTime,
        ...(e.requestParameters.roleArn ? { roleArn: e.requestParameters.roleArn } : {}),
        actor: describeActor(e),
      });
  }
  return { accountsRead, unread, uses, notApplicable };
}

/**
 * This run's uses plus the previous run's still unreviewed (the CloudTrail window only reaches back to the previous
 * run, so a use not carried would be forgotten), each with the first review that references its event id or finding key.
 */
export function mergeBreakGlassUses(
  current: readonly Omit<BreakGlassUse, 'review'>[],
  previous: readonly BreakGlassUse[],
  reviews: readonly AttestationEntry[],
  now: Date,
): BreakGlassUse[] {
  const byId = new Map<string, Omit<BreakGlassUse, 'review'>>();
  for (const p of previous) {
    const { review, ...use } = p;
    if (!review || now.getTime() - Date.parse(use.eventTime) < KEEP_REVIEWED_MS) byId.set(use.eventId, use);
  }
  for (const u of current) byId.set(u.eventId, u);
  return [...byId.values()]
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId))
    .map((u) => ({
      ...u,
      review:
        reviews.find((r) => r.kind === 'break-glass-review' && (r.ref === u.eventId || r.ref === u.findingKey)) ?? null,
    }));
}

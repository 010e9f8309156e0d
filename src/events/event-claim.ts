import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EvidenceError } from '../errors.js';
import type { BlobStore } from '../evidence/blob-store.js';
import { isCode, readOrUndefined } from '../evidence/sequence-claim.js';
import { artifactKey, FINDINGS_PATH } from '../evidence/store-layout.js';

/** Where event claims live: outside runs/, chain/, claims/ and records/, so verify never reads them as evidence. */
export const EVENT_CLAIMS_PREFIX = 'events/';
/** Attempts at one event after which it is refused (each a run that failed or died); bounds the walk. */
export const MAX_EVENT_ATTEMPTS = 8;
/** How often a waiting attempt looks again at another's claim (two reads each time). */
export const EVENT_POLL_MS = 5000;

const EventClaimSchema = z
  .object({ eventId: z.string(), envelopeId: z.string(), runId: z.string(), claimedAt: z.iso.datetime() })
  .strict();
export type EventClaim = z.infer<typeof EventClaimSchema>;

/**
 * Another invocation is judging the same event right now (EventBridge delivered it twice at once), or one died
 * judging it less than the stale time ago, and this one was not asked to wait (or waited its limit). Thrown so the
 * invocation fails visibly (the event lands in the function's dead-letter queue or is retried): never lost silently.
 */
export class EventInProgressError extends EvidenceError {}

export type EventClaimResult =
  { kind: 'claimed'; release: () => Promise<void> } | { kind: 'done'; runId: string; claimedAt: string };

const dirOf = (eventId: string): string =>
  `${EVENT_CLAIMS_PREFIX}${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}/`;
const attemptKey = (eventId: string, n: number): string => `${dirOf(eventId)}${n}.json`;
const releasedKey = (eventId: string, n: number): string => `${dirOf(eventId)}${n}.released.json`;

function decode(bytes: Uint8Array): EventClaim | undefined {
  try {
    const r = EventClaimSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * EventBridge delivers at least once: an event is claimed with a write-once key per attempt before it is judged
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html). Keyed on CloudTrail's `eventID`, which
 * a redelivery shares (with its envelope `id`), so a second delivery of a stored event is `done` and stores nothing.
 * An attempt that failed in-process releases its claim (a second write-once key), one that died goes stale after
 * `staleAfterMs`; either way the next attempt takes the next key. With `sleep`, an attempt finding another's fresh
 * claim waits for it (every EVENT_POLL_MS, at most until that claim is stale): it then skips the stored event or
 * takes the event over, so a duplicate delivered at once neither runs twice nor fails.
 */
export async function claimEvent(
  blobs: BlobStore,
  claim: EventClaim,
  opts: { staleAfterMs: number; now: () => Date; sleep?: (ms: number) => Promise<void> },
): Promise<EventClaimResult> {
  const body = Buffer.from(`${JSON.stringify(claim)}\n`);
  // Each wait ages the other claim by EVENT_POLL_MS, so it is stale (or done) within this many waits.
  let waits = Math.ceil(opts.staleAfterMs / EVENT_POLL_MS) + 1;
  for (let n = 0; n < MAX_EVENT_ATTEMPTS; n++) {
    const key = attemptKey(claim.eventId, n);
    try {
      await blobs.putIfAbsent(key, body);
      return {
        kind: 'claimed',
        release: async () => {
          await blobs.putIfAbsent(releasedKey(claim.eventId, n), body).catch(() => undefined);
        },
      };
    } catch (e) {
      if (!isCode(e, 'exists')) throw e;
    }
    const held = decode((await readOrUndefined(blobs, key)) ?? new Uint8Array());
    if (held && (await readOrUndefined(blobs, artifactKey(held.runId, FINDINGS_PATH))) !== undefined)
      return { kind: 'done', runId: held.runId, claimedAt: held.claimedAt };
    if ((await readOrUndefined(blobs, releasedKey(claim.eventId, n))) !== undefined) continue;
    const age = held ? opts.now().getTime() - Date.parse(held.claimedAt) : Infinity;
    if (age < opts.staleAfterMs && opts.sleep && waits-- > 0) {
      await opts.sleep(Math.min(EVENT_POLL_MS, opts.staleAfterMs - age));
      n--; // look at the same attempt again
      continue;
    }
    if (age < opts.staleAfterMs)
      throw new EventInProgressError(
        `event ${claim.eventId} (EventBridge id ${claim.envelopeId}) is being judged by event run ${held!.runId} since ${held!.claimedAt}; ` +
          `retry after it is stored or after ${new Date(Date.parse(held!.claimedAt) + opts.staleAfterMs).toISOString()}`,
      );
  }
  throw new EvidenceError(
    `event ${claim.eventId} (EventBridge id ${claim.envelopeId}): ${MAX_EVENT_ATTEMPTS} attempts failed or died; it is not judged again (see ${dirOf(claim.eventId)} in the evidence store)`,
  );
}

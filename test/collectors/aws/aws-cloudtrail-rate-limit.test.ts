import { describe, expect, it } from 'vitest';
import { CloudTrailClient, DescribeTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import { Readable } from 'node:stream';
import { RequestSpacer, spaceLookupEvents } from '../../../collectors/aws/aws-cloudtrail-rate-limit.js';
import { eventWindow, globalEventRegion } from '../../../collectors/aws/aws-cloudtrail-events.js';

/** A CloudTrail client whose HTTP layer records when each request left and answers a throttle first, then success. */
function recordingClient(sent: Array<{ at: number; target: string }>, throttleFirst = false) {
  let n = 0;
  return new CloudTrailClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'SIMakidtest', secretAccessKey: 'simSecret' },
    maxAttempts: 3,
    requestHandler: {
      handle: async (req: HttpRequest) => {
        const target = String(req.headers['x-amz-target']);
        sent.push({ at: Date.now(), target });
        const throttled = throttleFirst && target.endsWith('LookupEvents') && n++ === 0;
        const body = throttled ? '{"__type":"ThrottlingException","message":"Rate exceeded"}' : '{}';
        return {
          response: new HttpResponse({
            statusCode: throttled ? 400 : 200,
            headers: { 'content-type': 'application/x-amz-json-1.1', ...(throttled ? { 'retry-after': '0' } : {}) },
            body: Readable.from([body]),
          }),
        };
      },
    },
  });
}

describe('LookupEvents pacing', () => {
  it('lets requests through one per interval, in arrival order', async () => {
    const spacer = new RequestSpacer(100);
    const signal = new AbortController().signal;
    const t0 = Date.now();
    const done: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        await spacer.wait(signal);
        done[i] = Date.now() - t0;
      }),
    );
    expect(done[0]).toBeLessThan(done[1]!);
    for (let i = 1; i < 4; i++) expect(done[i]! - done[i - 1]!).toBeGreaterThanOrEqual(95);
  });

  it('spaces every LookupEvents attempt (retries included) at two a second, and leaves other CloudTrail calls alone', async () => {
    const sent: Array<{ at: number; target: string }> = [];
    const client = recordingClient(sent, true);
    spaceLookupEvents(client, new AbortController().signal);
    const t0 = Date.now();
    await Promise.all([
      client.send(new LookupEventsCommand({})),
      client.send(new LookupEventsCommand({})),
      client.send(new DescribeTrailsCommand({})),
    ]);
    const lookups = sent.filter((s) => s.target.endsWith('LookupEvents')).map((s) => s.at - t0);
    expect(lookups).toHaveLength(3); // one throttled and retried
    for (let i = 1; i < lookups.length; i++) expect(lookups[i]! - lookups[i - 1]!).toBeGreaterThanOrEqual(490);
    // Not queued behind the lookups: sent before the second one, which waits its half second (no wall-clock bound).
    expect(sent.find((s) => s.target.endsWith('DescribeTrails'))!.at - t0).toBeLessThan(lookups[1]!);
  });
});

describe('event window', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('reads lookbackHours on a first run, and from 15 minutes before the previous run afterwards', () => {
    expect(eventWindow(now, 24, undefined)).toEqual({ start: new Date('2026-11-22T12:00:00Z'), end: now });
    expect(eventWindow(now, 24, new Date('2026-11-23T06:00:00Z'))).toEqual({
      start: new Date('2026-11-23T05:45:00Z'),
      end: now,
    });
  });

  it('never reaches past the 90 days CloudTrail keeps, nor into the future', () => {
    expect(eventWindow(now, 24, new Date('2026-01-01T00:00:00Z')).start).toEqual(new Date('2026-08-25T12:00:00Z'));
    expect(eventWindow(now, 24, new Date('2026-11-24T00:00:00Z')).start).toEqual(now);
  });

  it("records global events in the partition's global region", () => {
    expect([
      globalEventRegion('eu-west-1'),
      globalEventRegion('cn-northwest-1'),
      globalEventRegion('us-gov-east-1'),
    ]).toEqual(['us-east-1', 'cn-north-1', 'us-gov-west-1']);
  });
});

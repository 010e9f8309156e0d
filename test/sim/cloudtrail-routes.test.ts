import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { Random } from '../../sim/random.js';
import { generateAws } from '../../sim/aws/generate-aws.js';
import { startAwsSim, type AwsSim } from '../../sim/aws/aws-sim.js';
import type { AwsSimState } from '../../sim/aws/aws-state.js';

let sim: AwsSim;
let state: AwsSimState;
const client = (region = 'us-east-1') =>
  new CloudTrailClient({
    region,
    endpoint: sim.endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
  });
const window = () => ({ StartTime: new Date(Date.parse(state.now) - 86_400_000), EndTime: new Date(state.now) });

beforeAll(async () => {
  state = generateAws(new Random(11), { accounts: 3 });
  sim = await startAwsSim(state);
});
afterAll(() => sim.server.close());

describe('simulated CloudTrail', () => {
  it('lists own trails per region with shadow trails, and reads status and selectors by ARN', async () => {
    const us = await client().send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    expect(us.trailList?.map((t) => t.Name)).toEqual(['management-trail']);
    const eu = await client('eu-west-1').send(new DescribeTrailsCommand({}));
    expect(eu.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([
      ['management-trail', 'us-east-1'],
      ['legacy-eu', 'eu-west-1'],
    ]);
    const arn = us.trailList![0]!.TrailARN!;
    expect((await client().send(new GetTrailStatusCommand({ Name: arn }))).IsLogging).toBe(true);
    const sel = await client().send(new GetEventSelectorsCommand({ TrailName: arn }));
    expect(sel.AdvancedEventSelectors?.[0]?.FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Management'] },
    ]);
    await expect(client().send(new GetTrailStatusCommand({ Name: 'legacy-eu' }))).rejects.toMatchObject({
      name: 'TrailNotFoundException',
    });
  });

  it('pages LookupEvents 50 at a time, newest first, and refuses a NextToken sent with other parameters', async () => {
    const params = {
      LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'ConsoleLogin' }],
      MaxResults: 50,
      ...window(),
    };
    const first = await client().send(new LookupEventsCommand(params));
    expect(first.Events).toHaveLength(50);
    expect(first.NextToken).toBeDefined();
    const times = first.Events!.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const record = JSON.parse(first.Events![0]!.CloudTrailEvent!);
    expect(record).toMatchObject({
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      additionalEventData: { MFAUsed: expect.any(String) },
    });
    await new Promise((r) => setTimeout(r, 600));
    const second = await client().send(new LookupEventsCommand({ ...params, NextToken: first.NextToken }));
    expect(second.Events!.length).toBeGreaterThan(0);
    expect(second.NextToken).toBeUndefined();
    await new Promise((r) => setTimeout(r, 600));
    await expect(
      client().send(new LookupEventsCommand({ ...params, MaxResults: 10, NextToken: first.NextToken })),
    ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
    await expect(
      client().send(
        new LookupEventsCommand({
          ...params,
          LookupAttributes: [...params.LookupAttributes, { AttributeKey: 'Username', AttributeValue: 'x' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
  });

  it('throttles more than two LookupEvents a second per account and region', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const c = client('eu-west-1');
    const send = () =>
      c.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StopLogging' }],
          ...window(),
        }),
      );
    const outcomes = await Promise.allSettled([send(), send(), send(), send()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { name: 'ThrottlingException' } });
  });
});

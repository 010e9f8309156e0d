import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CloudTrailClient,
  CloudTrailServiceException,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AccountClient, AccountServiceException, ListRegionsCommand } from '@aws-sdk/client-account';
import { awsCloudtrailCollector } from '../../../collectors/aws/aws-cloudtrail-collector.js';
import { CREDS, runAwsCollector } from './aws-harness.js';

const ACCOUNT = '111122223333';
const ct = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);
const account = mockClient(AccountClient);
afterEach(() => {
  account.reset();
  ct.reset();
  sts.reset();
});

const main = {
  Name: 'main',
  TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`,
  HomeRegion: 'us-east-1',
  IsMultiRegionTrail: true,
  LogFileValidationEnabled: true,
  S3BucketName: 'logs',
  IncludeGlobalServiceEvents: true,
  IsOrganizationTrail: false,
};
const eu = {
  ...main,
  Name: 'eu',
  TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu`,
  HomeRegion: 'eu-west-1',
  IsMultiRegionTrail: false,
};

const record = (id: string, name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventID: id,
    eventName: name,
    eventTime: '2026-11-23T08:00:00Z',
    eventSource: 'sts.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userIdentity: {
      type: 'IAMUser',
      arn: `arn:aws:iam::${ACCOUNT}:user/oncall`,
      userName: 'oncall',
      accessKeyId: 'ASIAsimleakedkey',
    },
    ...extra,
  });

function happy() {
  // us-east-2 is enabled too: the restricted configs below leave it out.
  account.on(ListRegionsCommand).resolves({
    Regions: ['eu-west-1', 'us-east-1', 'us-east-2'].map((RegionName) => ({
      RegionName,
      RegionOptStatus: 'ENABLED_BY_DEFAULT' as const,
    })),
  });
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/assay`, UserId: 'AIDAX' });
  ct.on(DescribeTrailsCommand).callsFake(async (_input, client) => ({
    trailList: (await client().config.region()) === 'eu-west-1' ? [main, eu] : [main],
  }));
  ct.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryTime: new Date('2026-11-23T11:00:00Z') });
  ct.on(GetEventSelectorsCommand).resolves({
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
  });
  ct.on(LookupEventsCommand).resolves({ Events: [] });
}

const snapshotOf = async (yaml = `{ credentials: ${CREDS}, regions: [us-east-1, eu-west-1] }`) =>
  (await runAwsCollector(awsCloudtrailCollector, yaml)).snapshots[0]!;
const lookups = () => ct.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);

describe('aws-cloudtrail collector', () => {
  it("deduplicates shadow trails and reads each trail's status and selectors once, in its home region, by ARN", async () => {
    happy();
    const s = await snapshotOf();
    expect((s.data['aws-cloudtrail.trails'] as Array<{ Name: string }>).map((t) => t.Name)).toEqual(['main', 'eu']);
    const status = ct.commandCalls(GetTrailStatusCommand);
    expect(status.map((c) => c.args[0].input.Name).sort()).toEqual([eu.TrailARN, main.TrailARN]);
    const regions = await Promise.all(
      status.map(async (c) => [c.args[0].input.Name, await (c.thisValue as CloudTrailClient).config.region()]),
    );
    expect(Object.fromEntries(regions)).toEqual({ [main.TrailARN]: 'us-east-1', [eu.TrailARN]: 'eu-west-1' });
    expect(ct.commandCalls(GetEventSelectorsCommand)).toHaveLength(2);
    expect(s.data['aws-cloudtrail.trails']).toContainEqual(
      expect.objectContaining({
        Name: 'main',
        status: { IsLogging: true, LatestDeliveryTime: '2026-11-23T11:00:00.000Z' },
        selectors: {
          EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
          AdvancedEventSelectors: [],
        },
      }),
    );
  });

  it('keeps a trail whose status call was denied, marking only that value failed', async () => {
    happy();
    ct.on(GetTrailStatusCommand, { Name: eu.TrailARN }).rejects(
      new CloudTrailServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'not authorized',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const s = await snapshotOf();
    const trails = s.data['aws-cloudtrail.trails'] as Array<{ Name: string; status: unknown }>;
    expect(trails.find((t) => t.Name === 'eu')!.status).toEqual({
      failed: { operation: 'cloudtrail:GetTrailStatus', message: 'AccessDeniedException: not authorized', status: 400 },
    });
    expect(trails.find((t) => t.Name === 'main')!.status).toMatchObject({ IsLogging: true });
    expect(s.calls.filter((c) => !c.ok).map((c) => c.operation)).toEqual(['cloudtrail:GetTrailStatus']);
  });

  it('looks up one event name per call, 50 a page, paging with the same parameters, IAM events in us-east-1 only', async () => {
    happy();
    const login = (id: string, mfa: string) => ({
      EventId: id,
      EventName: 'ConsoleLogin',
      CloudTrailEvent: record(id, 'ConsoleLogin', {
        eventSource: 'signin.amazonaws.com',
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MFAUsed: mfa },
      }),
    });
    ct.on(LookupEventsCommand, {
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }],
    }).callsFake(async (input: LookupEventsCommandInput) =>
      input.NextToken ? { Events: [login('e2', 'No')] } : { Events: [login('e1', 'Yes')], NextToken: 'page-2' },
    );
    const s = await snapshotOf();
    const all = lookups();
    expect(all.every((i) => i.LookupAttributes?.length === 1 && i.MaxResults === 50)).toBe(true);
    const byName = (n: string) => all.filter((i) => i.LookupAttributes![0]!.AttributeValue === n);
    expect(byName('AttachUserPolicy')).toHaveLength(1);
    expect(byName('StopLogging')).toHaveLength(2);
    const logins = byName('ConsoleLogin');
    expect(logins).toHaveLength(4);
    const paged = logins.filter((i) => i.NextToken === 'page-2');
    expect(paged).toHaveLength(2);
    for (const p of paged) expect(p.StartTime).toEqual(logins.find((i) => !i.NextToken)!.StartTime);
    expect(logins[0]!.EndTime).toEqual(new Date('2026-11-23T12:00:00Z'));
    expect(logins[0]!.StartTime).toEqual(new Date('2026-11-22T12:00:00Z'));
    const window = s.data['aws-cloudtrail.consoleLoginEvents'] as {
      events: Array<{ eventId: string; mfaUsed: string }>;
      regions: string[];
    };
    expect(window.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(s.data['aws-cloudtrail.consoleLoginEvents']).toMatchObject({ regionsNotRead: ['us-east-2'] });
    expect(s.data['aws-cloudtrail.policyChangeEvents']).toMatchObject({ regions: ['us-east-1'], regionsNotRead: [] });
    expect(window.events.map((e) => [e.eventId, e.mfaUsed])).toEqual([
      ['e1', 'Yes'],
      ['e2', 'No'],
    ]);
    expect(s.missing['aws-cloudtrail.breakGlassEvents']).toEqual({
      kind: 'not_applicable',
      operation: 'cloudtrail:LookupEvents',
      message: 'no break-glass roles are named in sources.aws.cloudtrail.breakGlassRoles',
    });
    // 9 policy + 2 MFA names in us-east-1; login and 5 trail names in 2 regions, +2 pages; Bedrock usage in 2 regions.
    expect(all).toHaveLength(11 + 12 + 2 + 2);
  });

  it('without sources.aws.regions, reads every region enabled for the account (ListRegions), in parallel', async () => {
    happy();
    const s = await snapshotOf(`{ credentials: ${CREDS} }`);
    expect(account.commandCalls(ListRegionsCommand)).toHaveLength(1);
    for (const key of ['aws-cloudtrail.consoleLoginEvents', 'aws-cloudtrail.trailChangeEvents'])
      expect(s.data[key], key).toMatchObject({ regions: ['eu-west-1', 'us-east-1', 'us-east-2'], regionsNotRead: [] });
    expect(ct.commandCalls(DescribeTrailsCommand)).toHaveLength(3);
    const stopLogging = ct
      .commandCalls(LookupEventsCommand)
      .filter((c) => c.args[0].input.LookupAttributes![0]!.AttributeValue === 'StopLogging');
    expect(
      (await Promise.all(stopLogging.map((c) => (c.thisValue as CloudTrailClient).config.region()))).sort(),
    ).toEqual(['eu-west-1', 'us-east-1', 'us-east-2']);
    expect((s.data['aws-cloudtrail.bedrockActivity'] as Array<{ region: string }>).map((a) => a.region)).toEqual([
      'eu-west-1',
      'us-east-1',
      'us-east-2',
    ]);
  });

  it('a region list that cannot be read makes every regional dataset missing, naming ListRegions; IAM events are still read', async () => {
    happy();
    account.on(ListRegionsCommand).rejects(
      new AccountServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'not authorized',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const s = await snapshotOf(`{ credentials: ${CREDS} }`);
    expect(Object.keys(s.missing).sort()).toEqual([
      'aws-cloudtrail.bedrockActivity',
      'aws-cloudtrail.breakGlassEvents',
      'aws-cloudtrail.consoleLoginEvents',
      'aws-cloudtrail.trailChangeEvents',
      'aws-cloudtrail.trails',
    ]);
    expect(s.missing['aws-cloudtrail.consoleLoginEvents']).toEqual({
      kind: 'error',
      operation: 'account:ListRegions',
      status: 403,
      message: 'AccessDeniedException: not authorized',
    });
    expect(Object.keys(s.data).sort()).toEqual(['aws-cloudtrail.mfaDeviceEvents', 'aws-cloudtrail.policyChangeEvents']);
    expect(ct.commandCalls(DescribeTrailsCommand)).toHaveLength(0);
  });

  it('reads break-glass roles by resource name and keeps only their AssumeRole events, without the credentials AWS returned', async () => {
    happy();
    const role = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
    ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: role }] }).resolves(
      {
        Events: [
          {
            EventId: 'a1',
            EventName: 'AssumeRole',
            AccessKeyId: 'ASIAsimleakedkey',
            CloudTrailEvent: record('a1', 'AssumeRole', {
              requestParameters: { roleArn: role, roleSessionName: 'incident' },
              responseElements: {
                credentials: { accessKeyId: 'ASIAsimissued', sessionToken: 'simSessionTokenSecret' },
              },
            }),
          },
          {
            EventId: 'a2',
            EventName: 'AttachRolePolicy',
            CloudTrailEvent: record('a2', 'AttachRolePolicy', {
              requestParameters: { roleName: 'BreakGlass', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
            }),
          },
        ],
      },
    );
    const s = await snapshotOf(
      `{ credentials: ${CREDS}, regions: [us-east-1], cloudtrail: { breakGlassRoles: [BreakGlass] } }`,
    );
    const w = s.data['aws-cloudtrail.breakGlassEvents'] as {
      events: Array<{ eventId: string; requestParameters: unknown; userIdentity: unknown }>;
      roleArns: string[];
    };
    expect(w.roleArns).toEqual([role]);
    expect(w.events.map((e) => e.eventId)).toEqual(['a1']);
    expect(w.events[0]!.requestParameters).toEqual({ roleArn: role, roleSessionName: 'incident' });
    expect(w.events[0]!.userIdentity).toEqual({
      type: 'IAMUser',
      arn: `arn:aws:iam::${ACCOUNT}:user/oncall`,
      userName: 'oncall',
    });
    const text = JSON.stringify(s);
    for (const secret of ['ASIAsimleakedkey', 'ASIAsimissued', 'simSessionTokenSecret'])
      expect(text).not.toContain(secret);
  });

  it('watches break-glass roles named with a path or by ARN, matching the ARN the AssumeRole named; ARNs of other accounts are left to them', async () => {
    happy();
    const pathRole = `arn:aws:iam::${ACCOUNT}:role/emergency/BreakGlass`;
    const arnRole = `arn:aws:iam::${ACCOUNT}:role/ops/Recovery`;
    ct.on(LookupEventsCommand, {
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: pathRole }],
    }).resolves({
      Events: [
        {
          EventId: 'p1',
          EventName: 'AssumeRole',
          CloudTrailEvent: record('p1', 'AssumeRole', {
            requestParameters: { roleArn: pathRole, roleSessionName: 'incident' },
          }),
        },
      ],
    });
    const s = await snapshotOf(
      `{ credentials: ${CREDS}, regions: [us-east-1], cloudtrail: { breakGlassRoles: [emergency/BreakGlass, "${arnRole}", "arn:aws:iam::999988887777:role/Other"] } }`,
    );
    const w = s.data['aws-cloudtrail.breakGlassEvents'] as { events: Array<{ eventId: string }>; roleArns: string[] };
    expect(w.roleArns).toEqual([pathRole, arnRole]);
    expect(w.events.map((e) => e.eventId)).toEqual(['p1']);
    expect(
      lookups()
        .filter((i) => i.LookupAttributes![0]!.AttributeKey === 'ResourceName')
        .map((i) => i.LookupAttributes![0]!.AttributeValue),
    ).toEqual([pathRole, arnRole]);

    const other = await snapshotOf(
      `{ credentials: ${CREDS}, regions: [us-east-1], cloudtrail: { breakGlassRoles: ["arn:aws:iam::999988887777:role/Other"] } }`,
    );
    expect(other.missing['aws-cloudtrail.breakGlassEvents']).toEqual({
      kind: 'not_applicable',
      operation: 'cloudtrail:LookupEvents',
      message: `no role of sources.aws.cloudtrail.breakGlassRoles is in account ${ACCOUNT}`,
    });
  });

  it('keeps the delivery error GetTrailStatus reports (bucket deleted, policy broken)', async () => {
    happy();
    ct.on(GetTrailStatusCommand).resolves({
      IsLogging: true,
      LatestDeliveryError: 'NoSuchBucket',
      LatestDeliveryTime: new Date('2026-10-01T00:00:00Z'),
    });
    const s = await snapshotOf();
    expect((s.data['aws-cloudtrail.trails'] as Array<{ status: unknown }>)[0]!.status).toEqual({
      IsLogging: true,
      LatestDeliveryError: 'NoSuchBucket',
      LatestDeliveryTime: '2026-10-01T00:00:00.000Z',
    });
  });

  it('a failed lookup (throttled past the retries) makes only the datasets that needed it missing, naming LookupEvents, and stops their other lookups', async () => {
    happy();
    ct.on(LookupEventsCommand, {
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeleteTrail' }],
    }).rejects(
      new CloudTrailServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const s = await snapshotOf();
    expect(s.missing['aws-cloudtrail.trailChangeEvents']).toEqual({
      kind: 'error',
      operation: 'cloudtrail:LookupEvents',
      status: 400,
      message: 'ThrottlingException: Rate exceeded',
    });
    expect(Object.keys(s.data).sort()).toEqual([
      'aws-cloudtrail.bedrockActivity',
      'aws-cloudtrail.consoleLoginEvents',
      'aws-cloudtrail.mfaDeviceEvents',
      'aws-cloudtrail.policyChangeEvents',
      'aws-cloudtrail.trails',
    ]);
    // The dataset is lost after the first failure: its lookups still queued (UpdateTrail, after DeleteTrail) are not sent.
    expect(lookups().filter((i) => i.LookupAttributes![0]!.AttributeValue === 'UpdateTrail')).toHaveLength(0);
  });

  it('finds Bedrock use from inference events only, stopping at the first page that has one', async () => {
    happy();
    const ev = (id: string, name: string, time: string) => ({
      EventId: id,
      EventName: name,
      EventTime: new Date(time),
      CloudTrailEvent: record(id, name),
    });
    ct.on(LookupEventsCommand, {
      LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'bedrock.amazonaws.com' }],
    }).callsFake(async (input: LookupEventsCommandInput, client) => {
      if ((await client().config.region()) === 'us-east-1') {
        return input.NextToken
          ? { Events: [ev('b2', 'Converse', '2026-11-01T00:00:00Z')], NextToken: 'p3' }
          : { Events: [ev('b1', 'GetModelInvocationLoggingConfiguration', '2026-11-22T00:00:00Z')], NextToken: 'p2' };
      }
      return {
        Events: [ev('b9', 'ListFoundationModels', '2026-11-02T00:00:00Z')],
        NextToken: `${input.NextToken ?? 'more'}+`,
      };
    });
    const s = await snapshotOf();
    expect(s.data['aws-cloudtrail.bedrockActivity']).toEqual([
      {
        region: 'us-east-1',
        lastInvocation: { eventTime: '2026-11-01T00:00:00.000Z', eventName: 'Converse' },
        searchedAll: true,
      },
      { region: 'eu-west-1', lastInvocation: null, searchedAll: false },
    ]);
    const bedrock = lookups().filter((i) => i.LookupAttributes![0]!.AttributeKey === 'EventSource');
    expect(bedrock).toHaveLength(2 + 3);
    expect(bedrock[0]!.StartTime).toEqual(new Date('2026-08-25T12:00:00Z'));
  });
});

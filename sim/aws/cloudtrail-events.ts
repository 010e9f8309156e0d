import type { Random } from '../random.js';
import type { SimCloudTrailEvent, SimEventRisk } from './cloudtrail-state.js';

/** Builds CloudTrail records in the shape AWS writes them. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html */
export interface Identity {
  record: Record<string, unknown>;
  username?: string;
}

const uuid = (rng: Random) => `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
/** Temporary key ids in the AWS shape but obviously simulated (never AKIA + 16 uppercase). */
const tempKeyId = (rng: Random) => `ASIAsim${rng.hex(9)}`;

export const iamUser = (rng: Random, account: string, name: string): Identity => ({
  record: {
    type: 'IAMUser',
    principalId: `AIDAsim${rng.hex(10)}`,
    arn: `arn:aws:iam::${account}:user/${name}`,
    accountId: account,
    userName: name,
  },
  username: name,
});

export const rootUser = (account: string): Identity => ({
  record: { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account },
  username: 'root',
});

export const assumedRole = (rng: Random, account: string, role: string, session: string): Identity => ({
  record: {
    type: 'AssumedRole',
    principalId: `AROAsim${rng.hex(10)}:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    accountId: account,
    accessKeyId: tempKeyId(rng),
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
    },
  },
  username: session,
});

export interface EventSpec {
  name: string;
  source: string;
  time: string;
  region: string;
  who: Identity;
  ip?: string;
  readOnly?: boolean;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  errorCode?: string;
  resources?: Array<{ type: string; name: string }>;
  risks?: SimEventRisk[];
}

export function simEvent(rng: Random, account: string, s: EventSpec): SimCloudTrailEvent {
  const id = uuid(rng);
  const accessKeyId = typeof s.who.record.accessKeyId === 'string' ? s.who.record.accessKeyId : undefined;
  return {
    id,
    name: s.name,
    source: s.source,
    time: s.time,
    region: s.region,
    readOnly: s.readOnly ?? false,
    ...(s.who.username ? { username: s.who.username } : {}),
    ...(accessKeyId ? { accessKeyId } : {}),
    resources: s.resources ?? [],
    risks: s.risks ?? [],
    record: {
      eventVersion: '1.09',
      userIdentity: s.who.record,
      eventTime: s.time.replace(/\.\d{3}Z$/, 'Z'),
      eventSource: s.source,
      eventName: s.name,
      awsRegion: s.region,
      sourceIPAddress: s.ip ?? `198.51.100.${rng.between(2, 250)}`,
      userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux',
      ...(s.errorCode ? { errorCode: s.errorCode, errorMessage: `Simulated ${s.errorCode}` } : {}),
      requestParameters: s.requestParameters ?? null,
      responseElements: s.responseElements ?? null,
      ...(s.additionalEventData ? { additionalEventData: s.additionalEventData } : {}),
      requestID: uuid(rng),
      eventID: id,
      readOnly: s.readOnly ?? false,
      eventType: s.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
    },
  };
}

export function consoleLogin(
  rng: Random,
  account: string,
  o: { who: Identity; time: string; region: string; mfa: boolean; success?: boolean; risks?: SimEventRisk[] },
): SimCloudTrailEvent {
  const success = o.success ?? true;
  return simEvent(rng, account, {
    name: 'ConsoleLogin',
    source: 'signin.amazonaws.com',
    time: o.time,
    region: o.region,
    who: o.who,
    responseElements: { ConsoleLogin: success ? 'Success' : 'Failure' },
    // A failed sign-in carries errorMessage "Failed authentication" and no errorCode; the response element says Failure.
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: o.mfa ? 'Yes' : 'No',
    },
    ...(o.risks ? { risks: o.risks } : {}),
  });
}

/** An IAM write call; IAM is global, so its events are recorded in us-east-1. */
export function iamCall(
  rng: Random,
  account: string,
  o: {
    name: string;
    who: Identity;
    time: string;
    params: Record<string, unknown>;
    errorCode?: string;
    risks?: SimEventRisk[];
  },
): SimCloudTrailEvent {
  const resources = [
    ...(typeof o.params.policyArn === 'string' ? [{ type: 'AWS::IAM::Policy', name: o.params.policyArn }] : []),
    ...(typeof o.params.roleName === 'string'
      ? [{ type: 'AWS::IAM::Role', name: `arn:aws:iam::${account}:role/${o.params.roleName}` }]
      : []),
    ...(typeof o.params.userName === 'string' ? [{ type: 'AWS::IAM::User', name: o.params.userName }] : []),
  ];
  return simEvent(rng, account, {
    name: o.name,
    source: 'iam.amazonaws.com',
    time: o.time,
    region: 'us-east-1',
    who: o.who,
    requestParameters: o.params,
    resources,
    ...(o.errorCode ? { errorCode: o.errorCode } : {}),
    ...(o.risks ? { risks: o.risks } : {}),
  });
}

/** AssumeRole, with the temporary credentials AWS puts in responseElements (the collector must never keep them). */
export function assumeRoleEvent(
  rng: Random,
  account: string,
  o: {
    who: Identity;
    roleName: string;
    session: string;
    time: string;
    region: string;
    errorCode?: string;
    risks?: SimEventRisk[];
  },
): SimCloudTrailEvent {
  const roleArn = `arn:aws:iam::${account}:role/${o.roleName}`;
  const keyId = tempKeyId(rng);
  return simEvent(rng, account, {
    name: 'AssumeRole',
    source: 'sts.amazonaws.com',
    time: o.time,
    region: o.region,
    who: o.who,
    readOnly: true,
    requestParameters: { roleArn, roleSessionName: o.session, durationSeconds: 3600 },
    responseElements: o.errorCode
      ? null
      : {
          credentials: { accessKeyId: keyId, sessionToken: `simSessionToken/${rng.hex(40)}`, expiration: o.time },
          assumedRoleUser: {
            assumedRoleId: `AROAsim${rng.hex(8)}:${o.session}`,
            arn: `arn:aws:sts::${account}:assumed-role/${o.roleName}/${o.session}`,
          },
        },
    resources: [
      { type: 'AWS::IAM::AccessKey', name: keyId },
      { type: 'AWS::STS::AssumedRole', name: o.session },
      { type: 'AWS::IAM::Role', name: roleArn },
    ],
    ...(o.errorCode ? { errorCode: o.errorCode } : {}),
    ...(o.risks ? { risks: o.risks } : {}),
  });
}

export function trailCall(
  rng: Random,
  account: string,
  o: {
    name: 'StopLogging' | 'DeleteTrail' | 'UpdateTrail' | 'StartLogging' | 'PutEventSelectors';
    who: Identity;
    trail: string;
    time: string;
    region: string;
    errorCode?: string;
    risks?: SimEventRisk[];
  },
): SimCloudTrailEvent {
  return simEvent(rng, account, {
    name: o.name,
    source: 'cloudtrail.amazonaws.com',
    time: o.time,
    region: o.region,
    who: o.who,
    requestParameters:
      o.name === 'PutEventSelectors'
        ? // Read-only management events only: write events (the ones that matter) stop being recorded.
          {
            trailName: o.trail,
            eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true, dataResources: [] }],
          }
        : { name: o.trail, ...(o.name === 'UpdateTrail' ? { isMultiRegionTrail: false } : {}) },
    resources: [{ type: 'AWS::CloudTrail::Trail', name: `arn:aws:cloudtrail:${o.region}:${account}:trail/${o.trail}` }],
    ...(o.errorCode ? { errorCode: o.errorCode } : {}),
    ...(o.risks ? { risks: o.risks } : {}),
  });
}

export function bedrockCall(
  rng: Random,
  account: string,
  o: { name: string; who: Identity; time: string; region: string },
): SimCloudTrailEvent {
  const invoke = o.name.startsWith('Invoke') || o.name.startsWith('Converse');
  return simEvent(rng, account, {
    name: o.name,
    source: 'bedrock.amazonaws.com',
    time: o.time,
    region: o.region,
    who: o.who,
    readOnly: true,
    requestParameters: invoke ? { modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' } : null,
  });
}

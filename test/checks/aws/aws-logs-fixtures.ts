import type { Scope } from '../../../src/model/scope.js';
import type { MissingDataset } from '../../../src/model/snapshot.js';
import type { CloudTrailEvent, EventWindow, Trail } from '../../../src/model/datasets/aws-cloudtrail.js';
import type { Bucket, PublicAccessBlock } from '../../../src/model/datasets/aws-s3.js';
import type { BedrockLoggingConfig, BedrockRegionLogging } from '../../../src/model/datasets/aws-bedrock.js';

export const ACCOUNT = '111122223333';
export const scope: Scope = { kind: 'aws-account', id: ACCOUNT, name: 'prod' };

export const trailArn = (name: string, region = 'us-east-1', account = ACCOUNT) =>
  `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

/** A trail as the collector stores it: multi-region, logging, read and write management events, validated, KMS. */
export function trail(name: string, over: Partial<Trail> = {}): Trail {
  return {
    Name: name,
    TrailARN: trailArn(name, over.HomeRegion ?? 'us-east-1'),
    HomeRegion: 'us-east-1',
    IsMultiRegionTrail: true,
    IsOrganizationTrail: false,
    IncludeGlobalServiceEvents: true,
    LogFileValidationEnabled: true,
    KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0d3c5e0b-sim`,
    S3BucketName: `${name}-logs`,
    status: { IsLogging: true, LatestDeliveryTime: '2026-11-23T11:55:00.000Z' },
    selectors: {
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
      AdvancedEventSelectors: [],
    },
    ...over,
  };
}

export const ALL_BLOCKED: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
export const NONE_BLOCKED: PublicAccessBlock = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

/** A private, encrypted, versioned bucket whose exposure calls were all read. */
export function bucket(name: string, over: Partial<Bucket> = {}): Bucket {
  return {
    Name: name,
    BucketRegion: 'us-east-1',
    CreationDate: '2025-01-10T09:00:00.000Z',
    publicAccessBlock: ALL_BLOCKED,
    policyStatus: { IsPublic: false, hasPolicy: true },
    acl: { publicGrants: [] },
    encryption: [{ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/s3', BucketKeyEnabled: true }],
    versioning: { Status: 'Enabled' },
    objectLock: null,
    tags: {},
    ...over,
  };
}

export const denied = (operation: string) => ({
  failed: { operation, message: 'AccessDenied: Access Denied', status: 403 },
});

export function event(id: string, over: Partial<CloudTrailEvent> = {}): CloudTrailEvent {
  return {
    eventId: id,
    eventName: 'ConsoleLogin',
    eventTime: '2026-11-23T08:00:00.000Z',
    eventSource: 'signin.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userName: 'alice' },
    requestParameters: {},
    ...over,
  };
}

export function window(events: CloudTrailEvent[], eventNames: string[] = []): EventWindow {
  return {
    startTime: '2026-11-22T12:00:00.000Z',
    endTime: '2026-11-23T12:00:00.000Z',
    regions: ['us-east-1', 'eu-west-1'],
    regionsNotRead: [],
    eventNames,
    events,
  };
}

export const WINDOW_TEXT = 'between 2026-11-22T12:00:00.000Z and 2026-11-23T12:00:00.000Z in us-east-1, eu-west-1';

export const lookupFailed: MissingDataset = {
  kind: 'error',
  operation: 'cloudtrail:LookupEvents',
  status: 400,
  message: 'ThrottlingException: Rate exceeded',
};

export const LOGGING_ON: BedrockLoggingConfig = {
  s3BucketName: 'acme-bedrock-logs',
  cloudWatchLogGroupName: '/bedrock/invocations',
  textDataDeliveryEnabled: true,
  imageDataDeliveryEnabled: true,
  embeddingDataDeliveryEnabled: true,
  videoDataDeliveryEnabled: false,
  audioDataDeliveryEnabled: false,
};

export const regionLogging = (
  region: string,
  loggingConfig: BedrockRegionLogging['loggingConfig'],
  available = true,
): BedrockRegionLogging => ({ region, available, loggingConfig });

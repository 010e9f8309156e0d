import type { Random } from '../random.js';
import { bedrockUsePlan } from './bedrock-generate.js';
import { NOISE_REGION, type CloudTrailState, type SimCloudTrailEvent, type SimTrail } from './cloudtrail-state.js';
import { assumeRoleEvent, assumedRole, bedrockCall, consoleLogin, iamCall, iamUser } from './cloudtrail-events.js';

export interface LoggingWorld {
  index: number;
  /** Account id. */
  id: string;
  managementId: string;
  now: string;
}

import { ADMIN, ago, plantedEvents } from './cloudtrail-planted.js';

export const trailBucketName = (kind: string, account: string) => `acme-${kind}-trail-logs-${account}`;

const trail = (name: string, over: Partial<SimTrail>): SimTrail => ({
  name,
  homeRegion: 'us-east-1',
  multiRegion: true,
  organization: false,
  logFileValidation: true,
  kmsKeyId: 'alias/cloudtrail',
  bucket: '',
  logging: true,
  readWrite: 'All',
  advancedSelectors: false,
  ...over,
});

/**
 * Trails per account. Planted: the management account's single-region `legacy-eu` trail (no validation, no KMS, public
 * bucket); prod's trails are stopped or deliver to a deleted bucket (and leave out RDS Data API events); ml-research's
 * only trail, homed in us-west-2, leaves out KMS events, has no KMS key and writes to the management account's bucket.
 */
function trailsFor(w: LoggingWorld): SimTrail[] {
  const { index, id } = w;
  if (index === 0) {
    return [
      trail('management-trail', {
        bucket: trailBucketName('management', id),
        advancedSelectors: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${id}:key/sim-ct`,
      }),
      trail('legacy-eu', {
        homeRegion: 'eu-west-1',
        multiRegion: false,
        logFileValidation: false,
        kmsKeyId: undefined,
        bucket: trailBucketName('legacy', id),
      }),
    ];
  }
  if (index === 1) {
    return [
      trail('prod-trail', { homeRegion: 'eu-west-1', bucket: trailBucketName('prod', id), logging: false }),
      // Logging and well configured, but its bucket was deleted: nothing is delivered.
      trail('archive-trail', {
        bucket: trailBucketName('archive', id),
        deliveryError: 'NoSuchBucket',
        excludeSources: ['rdsdata.amazonaws.com'],
      }),
    ];
  }
  if (index === 2)
    return [
      trail('ml-trail', {
        homeRegion: NOISE_REGION,
        advancedSelectors: true,
        excludeSources: ['kms.amazonaws.com'],
        kmsKeyId: undefined,
        bucket: trailBucketName('management', w.managementId),
      }),
    ];
  return [trail('account-trail', { bucket: trailBucketName('account', id) })];
}

/** Everyday events that must not be flagged, and enough of them to need several LookupEvents pages. */
function filler(rng: Random, w: LoggingWorld, logins: number): SimCloudTrailEvent[] {
  const out: SimCloudTrailEvent[] = [];
  for (let i = 0; i < logins; i++) {
    out.push(
      consoleLogin(rng, w.id, {
        who: iamUser(rng, w.id, `engineer-${i % 12}`),
        time: ago(w.now, rng.between(1, 23) + i / 100),
        region: 'us-east-1',
        mfa: true,
      }),
    );
  }
  out.push(
    consoleLogin(rng, w.id, {
      who: assumedRole(rng, w.id, 'AWSReservedSSO_PowerUser_sim', 'ada@acme.example'),
      time: ago(w.now, 6),
      region: 'eu-west-1',
      mfa: false,
    }),
    consoleLogin(rng, w.id, {
      who: iamUser(rng, w.id, 'legacy-bot'),
      time: ago(w.now, 7),
      region: 'us-east-1',
      mfa: false,
      success: false,
    }),
    iamCall(rng, w.id, {
      name: 'AttachRolePolicy',
      who: assumedRole(rng, w.id, 'terraform', 'ci'),
      time: ago(w.now, 8),
      params: { roleName: 'etl-runner', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    }),
    iamCall(rng, w.id, {
      name: 'AddUserToGroup',
      who: assumedRole(rng, w.id, 'terraform', 'ci'),
      time: ago(w.now, 8.5),
      params: { userName: 'new-hire', groupName: 'Developers' },
    }),
    iamCall(rng, w.id, {
      name: 'PutUserPolicy',
      who: assumedRole(rng, w.id, 'terraform', 'ci'),
      time: ago(w.now, 9),
      params: {
        userName: 'reporting',
        policyName: 's3-read',
        policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
      },
    }),
    assumeRoleEvent(rng, w.id, {
      who: assumedRole(rng, w.id, 'github-actions', 'deploy'),
      roleName: 'deployer',
      session: 'deploy-1',
      time: ago(w.now, 3),
      region: 'us-east-1',
    }),
    // Old enough to be outside a 24-hour window.
    iamCall(rng, w.id, {
      name: 'AttachUserPolicy',
      who: iamUser(rng, w.id, 'alice'),
      time: ago(w.now, 72),
      params: { userName: 'old-admin', policyArn: ADMIN },
    }),
    // In a region only a collector reading every enabled region sees.
    consoleLogin(rng, w.id, {
      who: iamUser(rng, w.id, 'tourist'),
      time: ago(w.now, 4),
      region: NOISE_REGION,
      mfa: false,
      risks: ['login-without-mfa'],
    }),
  );
  return out;
}

function bedrockEvents(rng: Random, w: LoggingWorld): SimCloudTrailEvent[] {
  const app = assumedRole(rng, w.id, 'inference-service', 'api');
  return Object.entries(bedrockUsePlan(w.index)).flatMap(([region, use]) => {
    if (use === 'none') return [];
    if (use === 'browse')
      return [
        bedrockCall(rng, w.id, {
          name: 'ListFoundationModels',
          who: iamUser(rng, w.id, 'alice'),
          time: ago(w.now, 30),
          region,
        }),
      ];
    const names = ['InvokeModel', 'Converse', 'InvokeModelWithResponseStream', 'ConverseStream'];
    return Array.from({ length: 8 }, (_, i) =>
      bedrockCall(rng, w.id, { name: names[i % names.length]!, who: app, time: ago(w.now, 24 * (i + 1) + 1), region }),
    );
  });
}

/** The account's trails and event history (newest first), planted and filler, deterministic for the seed. */
export function generateCloudTrail(rng: Random, w: LoggingWorld): CloudTrailState {
  const events = [...plantedEvents(rng, w), ...filler(rng, w, w.index === 0 ? 60 : 20), ...bedrockEvents(rng, w)];
  return {
    trails: trailsFor(w),
    events: events.sort((a, b) => b.time.localeCompare(a.time) || a.id.localeCompare(b.id)),
  };
}

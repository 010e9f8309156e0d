import type { Random } from '../random.js';
import { bedrockUsePlan } from './bedrock-generate.js';
import {
  BREAK_GLASS_ROLE,
  NOISE_REGION,
  type CloudTrailState,
  type SimCloudTrailEvent,
  type SimTrail,
} from './cloudtrail-state.js';
import {
  assumeRoleEvent,
  assumedRole,
  bedrockCall,
  consoleLogin,
  iamCall,
  iamUser,
  rootUser,
  trailCall,
} from './cloudtrail-events.js';

export interface LoggingWorld {
  index: number;
  /** Account id. */
  id: string;
  managementId: string;
  now: string;
}

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const STAR = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const ago = (now: string, hours: number) => new Date(Date.parse(now) - hours * 3_600_000).toISOString();

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

function planted(rng: Random, w: LoggingWorld): SimCloudTrailEvent[] {
  const { id } = w;
  const alice = iamUser(rng, id, 'alice');
  if (w.index === 0) {
    return [
      consoleLogin(rng, id, {
        who: rootUser(id),
        time: ago(w.now, 5),
        region: 'us-east-1',
        mfa: true,
        risks: ['root-login'],
      }),
      consoleLogin(rng, id, {
        who: iamUser(rng, id, 'dev-contractor'),
        time: ago(w.now, 10),
        region: 'eu-west-1',
        mfa: false,
        risks: ['login-without-mfa'],
      }),
      iamCall(rng, id, {
        name: 'AttachUserPolicy',
        who: alice,
        time: ago(w.now, 2),
        params: { userName: 'bob', policyArn: ADMIN },
        risks: ['admin-grant'],
      }),
      iamCall(rng, id, {
        name: 'PutRolePolicy',
        who: alice,
        time: ago(w.now, 2.5),
        params: { roleName: 'lambda-deployer', policyName: 'everything', policyDocument: STAR },
        risks: ['admin-grant'],
      }),
      iamCall(rng, id, {
        name: 'DeactivateMFADevice',
        who: alice,
        time: ago(w.now, 11),
        params: { userName: 'carol', serialNumber: `arn:aws:iam::${id}:mfa/carol` },
        risks: ['mfa-removed'],
      }),
      assumeRoleEvent(rng, id, {
        who: iamUser(rng, id, 'oncall'),
        roleName: BREAK_GLASS_ROLE,
        session: 'incident-4711',
        time: ago(w.now, 12),
        region: 'us-east-1',
        risks: ['break-glass'],
      }),
      // Names the break-glass role without assuming it: found by the resource lookup, not a use.
      iamCall(rng, id, {
        name: 'AttachRolePolicy',
        who: alice,
        time: ago(w.now, 13),
        params: { roleName: BREAK_GLASS_ROLE, policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      }),
      trailCall(rng, id, {
        name: 'StopLogging',
        who: iamUser(rng, id, 'mallory'),
        trail: 'management-trail',
        time: ago(w.now, 14),
        region: 'us-east-1',
        errorCode: 'AccessDenied',
      }),
      // Through the account's sign-in URL: recorded in us-east-2, not us-east-1.
      consoleLogin(rng, id, {
        who: iamUser(rng, id, 'contractor-2'),
        time: ago(w.now, 9.5),
        region: 'us-east-2',
        mfa: false,
        risks: ['login-without-mfa'],
      }),
      // Joining the Admins group (AdministratorAccess in the account's IAM) is an admin grant too.
      iamCall(rng, id, {
        name: 'AddUserToGroup',
        who: alice,
        time: ago(w.now, 15),
        params: { userName: 'mallory', groupName: 'Admins' },
        risks: ['admin-grant'],
      }),
    ];
  }
  if (w.index === 1) {
    const ops = assumedRole(rng, id, 'ops-admin', 'eve');
    return [
      trailCall(rng, id, {
        name: 'UpdateTrail',
        who: ops,
        trail: 'prod-trail',
        time: ago(w.now, 20),
        region: 'eu-west-1',
        risks: ['trail-change'],
      }),
      trailCall(rng, id, {
        name: 'StopLogging',
        who: ops,
        trail: 'prod-trail',
        time: ago(w.now, 19),
        region: 'eu-west-1',
        risks: ['trail-change'],
      }),
      iamCall(rng, id, {
        name: 'CreatePolicyVersion',
        who: ops,
        time: ago(w.now, 18),
        params: {
          policyArn: `arn:aws:iam::${id}:policy/deploy`,
          policyDocument: encodeURIComponent(STAR),
          setAsDefault: true,
        },
        risks: ['admin-grant'],
      }),
      iamCall(rng, id, {
        name: 'AttachGroupPolicy',
        who: alice,
        time: ago(w.now, 17),
        params: { groupName: 'developers', policyArn: ADMIN },
        errorCode: 'AccessDenied',
      }),
      iamCall(rng, id, {
        name: 'DeleteVirtualMFADevice',
        who: ops,
        time: ago(w.now, 16),
        params: { serialNumber: `arn:aws:iam::${id}:mfa/dave` },
        risks: ['mfa-removed'],
      }),
      // Root, password only, through the sign-in URL (recorded in eu-north-1): critical in both sign-in checks.
      consoleLogin(rng, id, {
        who: rootUser(id),
        time: ago(w.now, 7.5),
        region: 'eu-north-1',
        mfa: false,
        risks: ['root-login', 'login-without-mfa'],
      }),
      // Through the regional STS endpoint: recorded in eu-west-1.
      assumeRoleEvent(rng, id, {
        who: iamUser(rng, id, 'sre-lead'),
        roleName: BREAK_GLASS_ROLE,
        session: 'weekend-fix',
        time: ago(w.now, 6.5),
        region: 'eu-west-1',
        risks: ['break-glass'],
      }),
      // Management events cut to read-only, with no StopLogging.
      trailCall(rng, id, {
        name: 'PutEventSelectors',
        who: ops,
        trail: 'archive-trail',
        time: ago(w.now, 15),
        region: 'us-east-1',
        risks: ['trail-change'],
      }),
    ];
  }
  if (w.index === 2) {
    return [
      consoleLogin(rng, id, {
        who: iamUser(rng, id, 'researcher'),
        time: ago(w.now, 1),
        region: 'eu-west-1',
        mfa: false,
        risks: ['login-without-mfa'],
      }),
      assumeRoleEvent(rng, id, {
        who: iamUser(rng, id, 'intern'),
        roleName: BREAK_GLASS_ROLE,
        session: 'try',
        time: ago(w.now, 2),
        region: 'eu-west-1',
        errorCode: 'AccessDenied',
      }),
      // In the trail's home region, where CloudTrail records its own API calls.
      trailCall(rng, id, {
        name: 'StopLogging',
        who: assumedRole(rng, id, 'ml-admin', 'sam'),
        trail: 'ml-trail',
        time: ago(w.now, 3.5),
        region: NOISE_REGION,
        risks: ['trail-change'],
      }),
    ];
  }
  return [];
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
  const events = [...planted(rng, w), ...filler(rng, w, w.index === 0 ? 60 : 20), ...bedrockEvents(rng, w)];
  return {
    trails: trailsFor(w),
    events: events.sort((a, b) => b.time.localeCompare(a.time) || a.id.localeCompare(b.id)),
  };
}

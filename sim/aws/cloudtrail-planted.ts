import type { Random } from '../random.js';
import { BREAK_GLASS_ROLE, NOISE_REGION, type SimCloudTrailEvent } from './cloudtrail-state.js';
import {
  assumeRoleEvent,
  assumedRole,
  consoleLogin,
  iamCall,
  iamUser,
  rootUser,
  trailCall,
} from './cloudtrail-events.js';
import type { LoggingWorld } from './cloudtrail-generate.js';

export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const STAR = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
export const ago = (now: string, hours: number) => new Date(Date.parse(now) - hours * 3_600_000).toISOString();

/**
 * The risky events planted per account (their `risks` are the ground truth), some of them in the regions where AWS
 * records them since November 2021: sign-ins through the account sign-in URL (us-east-2, eu-north-1), AssumeRole
 * through a regional STS endpoint, StopLogging in the trail's home region.
 */
export function plantedEvents(rng: Random, w: LoggingWorld): SimCloudTrailEvent[] {
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

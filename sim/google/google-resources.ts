import { createHash } from 'node:crypto';
import type {
  GoogleState,
  SimActivity,
  SimGoogleRole,
  SimGoogleRoleAssignment,
  SimGoogleUser,
  SimGroupMember,
  SimToken,
} from './google-state.js';

/** Google's etags are quoted opaque strings; a hash of the content is close enough. */
export const etag = (value: unknown): string =>
  `"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;

/** A user as directory.users.list returns it with projection=basic. */
export function userResource(state: GoogleState, u: SimGoogleUser): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: 'admin#directory#user',
    id: u.id,
    primaryEmail: u.primaryEmail,
    name: {
      givenName: u.givenName,
      familyName: u.familyName,
      fullName: `${u.givenName} ${u.familyName}`,
      displayName: `${u.givenName} ${u.familyName}`,
    },
    isAdmin: u.isAdmin,
    isDelegatedAdmin: u.isDelegatedAdmin,
    lastLoginTime: u.lastLoginTime,
    creationTime: u.creationTime,
    agreedToTerms: u.lastLoginTime !== '1970-01-01T00:00:00.000Z',
    suspended: u.suspended,
    ...(u.suspensionReason ? { suspensionReason: u.suspensionReason } : {}),
    archived: u.archived,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: u.primaryEmail, primary: true }],
    languages: [{ languageCode: 'en', preference: 'preferred' }],
    nonEditableAliases: [u.primaryEmail.replace(/@(.*)$/, '@$1.test-google-a.com')],
    customerId: state.customerId,
    orgUnitPath: u.orgUnitPath,
    ...(u.manager ? { relations: [{ value: u.manager, type: 'manager' }] } : {}),
    isMailboxSetup: true,
    isEnrolledIn2Sv: u.isEnrolledIn2Sv,
    isEnforcedIn2Sv: u.isEnforcedIn2Sv,
    includeInGlobalAddressList: true,
  };
  return { ...body, etag: etag(body) };
}

export const roleResource = (r: SimGoogleRole): Record<string, unknown> => {
  const body = {
    kind: 'admin#directory#role',
    roleId: r.roleId,
    roleName: r.roleName,
    roleDescription: r.roleDescription,
    rolePrivileges: r.privileges.map((p) => ({ privilegeName: p.privilegeName, serviceId: p.serviceId })),
    isSystemRole: r.isSystemRole,
    isSuperAdminRole: r.isSuperAdminRole,
  };
  return { ...body, etag: etag(body) };
};

export const roleAssignmentResource = (a: SimGoogleRoleAssignment): Record<string, unknown> => {
  const body = {
    kind: 'admin#directory#roleAssignment',
    roleAssignmentId: a.roleAssignmentId,
    roleId: a.roleId,
    assignedTo: a.assignedTo,
    assigneeType: a.assigneeType,
    scopeType: a.scopeType,
    ...(a.orgUnitId ? { orgUnitId: a.orgUnitId } : {}),
  };
  return { ...body, etag: etag(body) };
};

export function memberResource(state: GoogleState, m: SimGroupMember): Record<string, unknown> {
  const body =
    m.kind === 'user'
      ? (() => {
          const u = state.users.find((x) => x.id === m.userId)!;
          return {
            kind: 'admin#directory#member',
            id: u.id,
            email: u.primaryEmail,
            role: m.role,
            type: 'USER',
            status: u.suspended ? 'SUSPENDED' : 'ACTIVE',
            delivery_settings: 'ALL_MAIL',
          };
        })()
      : (() => {
          const g = state.groups.find((x) => x.id === m.groupId)!;
          return { kind: 'admin#directory#member', id: g.id, email: g.email, role: m.role, type: 'GROUP' };
        })();
  return { ...body, etag: etag(body) };
}

export function activityResource(state: GoogleState, a: SimActivity): Record<string, unknown> {
  const body = {
    kind: 'admin#reports#activity',
    id: {
      time: a.time,
      uniqueQualifier: a.uniqueQualifier,
      applicationName: a.applicationName,
      customerId: state.customerId,
    },
    actor: { callerType: 'USER', email: a.actorEmail, profileId: a.actorProfileId },
    ipAddress: a.ipAddress,
    events: [{ type: a.event.type, name: a.event.name, parameters: a.event.parameters }],
  };
  // An audit entry never changes, so its id identifies its version: hashing the whole entry cost the simulator more
  // than the injected latency on pages of 1,000.
  return { ...body, etag: etag([a.uniqueQualifier, a.time, a.applicationName]) };
}

/** A token as directory.tokens.list returns it; `userKey` is the user's id. */
export const tokenResource = (t: SimToken): Record<string, unknown> => {
  const body = {
    kind: 'admin#directory#token',
    clientId: t.clientId,
    displayText: t.displayText,
    anonymous: t.anonymous,
    nativeApp: t.nativeApp,
    scopes: t.scopes,
    userKey: t.userId,
  };
  return { ...body, etag: etag(body) };
};

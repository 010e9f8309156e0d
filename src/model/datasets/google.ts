import { z } from 'zod';

/**
 * A Workspace user from `directory.users.list`, trimmed to what checks use. Booleans Google did not return stay
 * absent (unknown); `lastLoginTime` is Google's value, which is `1970-01-01T00:00:00.000Z` for "never".
 * https://developers.google.com/admin-sdk/directory/reference/rest/v1/users
 */
export const GoogleUserSchema = z.object({
  id: z.string(),
  primaryEmail: z.string(),
  fullName: z.string().optional(),
  isAdmin: z.boolean().optional(),
  isDelegatedAdmin: z.boolean().optional(),
  isEnrolledIn2Sv: z.boolean().optional(),
  isEnforcedIn2Sv: z.boolean().optional(),
  suspended: z.boolean().optional(),
  suspensionReason: z.string().optional(),
  archived: z.boolean().optional(),
  creationTime: z.string().optional(),
  lastLoginTime: z.string().optional(),
  orgUnitPath: z.string().optional(),
  /** The email of the `relations` entry of type `manager`, lower-cased; absent when the directory holds none. */
  manager: z.string().optional(),
});
export type GoogleUser = z.infer<typeof GoogleUserSchema>;

/** `directory.roles.list`: the super admin role is recognised by `isSuperAdminRole`, never by its name. */
export const GoogleRoleSchema = z.object({
  roleId: z.string(),
  roleName: z.string(),
  isSuperAdminRole: z.boolean().optional(),
  isSystemRole: z.boolean().optional(),
});
export type GoogleRole = z.infer<typeof GoogleRoleSchema>;

/** A member of a group, as `directory.members.list` (with derived membership) returns it. */
export const GoogleMemberSchema = z.object({
  id: z.string().optional(),
  email: z.string().optional(),
  /** USER, GROUP, CUSTOMER or EXTERNAL. */
  type: z.string().optional(),
  status: z.string().optional(),
});
export type GoogleMember = z.infer<typeof GoogleMemberSchema>;

/**
 * `directory.roleAssignments.list`: `assignedTo` is a user id (or a group id when `assigneeType` is `group`; those
 * groups' members are listed under `groupMembers`, keyed by the group id).
 */
export const GoogleRoleAssignmentsSchema = z.object({
  items: z.array(
    z.object({
      roleAssignmentId: z.string(),
      roleId: z.string(),
      assignedTo: z.string(),
      assigneeType: z.string().optional(),
      scopeType: z.string().optional(),
      orgUnitId: z.string().optional(),
    }),
  ),
  groupMembers: z.record(z.string(), z.array(GoogleMemberSchema)),
});
export type GoogleRoleAssignments = z.infer<typeof GoogleRoleAssignmentsSchema>;

/** Who the configuration names as executives; group members are resolved by the collector, org units by checks. */
export const GoogleExecutivesSchema = z.object({
  groups: z.array(z.object({ email: z.string(), members: z.array(GoogleMemberSchema) })),
  emails: z.array(z.string()),
  orgUnits: z.array(z.string()),
});
export type GoogleExecutives = z.infer<typeof GoogleExecutivesSchema>;

/** Admin console user events (Reports API, application `admin`, type USER_SETTINGS): offboarding evidence. */
export const GoogleUserAdminEventsSchema = z.object({
  since: z.string(),
  events: z.array(
    z.object({
      time: z.string(),
      /** SUSPEND_USER, DELETE_USER, ARCHIVE_USER. */
      name: z.string(),
      userEmail: z.string().optional(),
      actorEmail: z.string().optional(),
    }),
  ),
});
export type GoogleUserAdminEvents = z.infer<typeof GoogleUserAdminEventsSchema>;

/**
 * Third-party OAuth grants, one entry per client id: the scopes granted and the users holding them. What they cover is
 * in `coverage`: `events`, the users whose latest `token` event since `since` is `authorize` (grants made before are
 * not visible); `inventory`, every current grant (the token inventory below).
 */
export const GoogleOauthGrantsSchema = z.object({
  coverage: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('events'), since: z.string() }),
    z.object({ kind: z.literal('inventory'), bootstrappedAt: z.string(), currentTo: z.string() }),
  ]),
  apps: z.array(
    z.object({
      clientId: z.string(),
      appName: z.string().optional(),
      scopes: z.array(z.string()),
      users: z.array(z.string()),
      /** From events only: the latest authorize event of a user still holding the grant. */
      lastAuthorizedAt: z.string().optional(),
    }),
  ),
});
export type GoogleOauthGrants = z.infer<typeof GoogleOauthGrantsSchema>;

/** One user's grant to one app: `directory.tokens.list` at the bootstrap, then `token` events. */
export const GoogleTokenGrantSchema = z.object({
  user: z.string(),
  clientId: z.string(),
  appName: z.string().optional(),
  scopes: z.array(z.string()),
  /** The bootstrap, or the latest authorize event applied. */
  updatedAt: z.string(),
});
export type GoogleTokenGrant = z.infer<typeof GoogleTokenGrantSchema>;

/**
 * Every current third-party grant (opt-in, `sources.google.tokenInventory`): the tokens of every user listed once
 * (`bootstrappedAt`), then kept current from `token` authorize / revoke events up to `currentTo` (the run's cursor).
 * Stored with each run; the next run carries it on.
 * https://developers.google.com/admin-sdk/directory/reference/rest/v1/tokens/list
 */
export const GoogleOauthTokenInventorySchema = z.object({
  bootstrappedAt: z.string(),
  currentTo: z.string(),
  /** Users whose tokens were listed at the bootstrap. */
  usersListed: z.number().int().nonnegative(),
  grants: z.array(GoogleTokenGrantSchema),
});
export type GoogleOauthTokenInventory = z.infer<typeof GoogleOauthTokenInventorySchema>;

export const googleDatasets = {
  /** Every user of the customer, suspended and archived ones included. */
  'google-workspace.users': z.array(GoogleUserSchema),
  'google-workspace.roles': z.array(GoogleRoleSchema),
  'google-workspace.roleAssignments': GoogleRoleAssignmentsSchema,
  'google-workspace.executives': GoogleExecutivesSchema,
  /** Configured emergency super admin accounts (`sources.google.breakGlassAccounts`), lowercased. */
  'google-workspace.breakGlassAccounts': z.array(z.string()),
  'google-workspace.userAdminEvents': GoogleUserAdminEventsSchema,
  'google-workspace.oauthGrants': GoogleOauthGrantsSchema,
  'google-workspace.oauthTokenInventory': GoogleOauthTokenInventorySchema,
};

/** Suspended and archived accounts cannot sign in: the 2SV and inactivity checks leave them out. */
export const isActiveGoogleUser = (u: GoogleUser): boolean => u.suspended !== true && u.archived !== true;

export interface GoogleAdmin {
  user: GoogleUser;
  superAdmin: boolean;
  /** Names of the roles assigned, directly or through a group. */
  roles: string[];
}

/**
 * Super admins and delegated admins, by user id: the users' `isAdmin` / `isDelegatedAdmin` flags joined with role
 * assignments (a role with `isSuperAdminRole` makes a super admin; a role assigned to a group reaches its members).
 */
export function googleAdmins(
  users: readonly GoogleUser[],
  roles: readonly GoogleRole[],
  assignments: GoogleRoleAssignments,
): Map<string, GoogleAdmin> {
  const byId = new Map(users.map((u) => [u.id, u]));
  const roleById = new Map(roles.map((r) => [r.roleId, r]));
  const admins = new Map<string, GoogleAdmin>();
  const add = (user: GoogleUser, superAdmin: boolean, role?: string) => {
    const a = admins.get(user.id) ?? { user, superAdmin: false, roles: [] };
    a.superAdmin ||= superAdmin;
    if (role && !a.roles.includes(role)) a.roles.push(role);
    admins.set(user.id, a);
  };
  for (const u of users) {
    if (u.isAdmin === true) add(u, true);
    else if (u.isDelegatedAdmin === true) add(u, false);
  }
  for (const a of assignments.items) {
    const role = roleById.get(a.roleId);
    const superAdmin = role?.isSuperAdminRole === true;
    const name = role?.roleName ?? `role ${a.roleId}`;
    const assignees =
      a.assigneeType === 'group'
        ? (assignments.groupMembers[a.assignedTo] ?? [])
            .filter((m) => m.type === undefined || m.type === 'USER')
            .map((m) => m.id)
        : [a.assignedTo];
    for (const id of assignees) {
      const user = id === undefined ? undefined : byId.get(id);
      if (user) add(user, superAdmin, name);
    }
  }
  return admins;
}

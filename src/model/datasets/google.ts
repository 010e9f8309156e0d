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
 * Third-party OAuth grants from Reports API `token` events since `since`, one entry per client id: the scopes
 * granted, the users whose latest event for the app is `authorize` (a later `revoke` removes the user).
 */
export const GoogleOauthGrantsSchema = z.object({
  since: z.string(),
  apps: z.array(
    z.object({
      clientId: z.string(),
      appName: z.string().optional(),
      scopes: z.array(z.string()),
      users: z.array(z.string()),
      lastAuthorizedAt: z.string(),
    }),
  ),
});
export type GoogleOauthGrants = z.infer<typeof GoogleOauthGrantsSchema>;

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

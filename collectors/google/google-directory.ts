import type { admin_directory_v1 } from '@googleapis/admin';
import type { GoogleMember, GoogleRole, GoogleRoleAssignments, GoogleUser } from '../../src/model/datasets/google.js';
import { forEachItem } from './google-pages.js';
import type { RetryPolicy } from './google-retry.js';

export interface DirectoryContext {
  directory: admin_directory_v1.Admin;
  customer: string;
  policy: RetryPolicy;
}

/** `fields` of users.list: only what checks use, so a page of 500 users stays small. */
export const USER_FIELDS =
  'nextPageToken,users(id,primaryEmail,name/fullName,isAdmin,isDelegatedAdmin,isEnrolledIn2Sv,isEnforcedIn2Sv,suspended,suspensionReason,archived,creationTime,lastLoginTime,orgUnitPath,relations(value,type))';
const ROLE_FIELDS = 'nextPageToken,items(roleId,roleName,isSuperAdminRole,isSystemRole)';
const ASSIGNMENT_FIELDS = 'nextPageToken,items(roleAssignmentId,roleId,assignedTo,assigneeType,scopeType,orgUnitId)';
const MEMBER_FIELDS = 'nextPageToken,members(id,email,type,status)';

const withToken = (pageToken: string | undefined) => (pageToken ? { pageToken } : {});

/** Copies the fields Google sent, leaving out what it did not (unknown stays unknown). */
function compactUser(u: admin_directory_v1.Schema$User): GoogleUser {
  const out: Record<string, unknown> = {
    id: u.id ?? undefined,
    primaryEmail: u.primaryEmail?.toLowerCase() ?? undefined,
  };
  if (u.name?.fullName) out.fullName = u.name.fullName;
  // `relations` is untyped in the client: [{ value, type: "manager" | …, customType }].
  const manager = (Array.isArray(u.relations) ? (u.relations as Array<{ type?: unknown; value?: unknown }>) : []).find(
    (r) => r.type === 'manager' && typeof r.value === 'string' && r.value !== '',
  )?.value as string | undefined;
  if (manager) out.manager = manager.toLowerCase();
  for (const k of [
    'isAdmin',
    'isDelegatedAdmin',
    'isEnrolledIn2Sv',
    'isEnforcedIn2Sv',
    'suspended',
    'archived',
  ] as const) {
    if (typeof u[k] === 'boolean') out[k] = u[k];
  }
  for (const k of ['suspensionReason', 'creationTime', 'lastLoginTime', 'orgUnitPath'] as const) {
    if (typeof u[k] === 'string') out[k] = u[k];
  }
  return out as GoogleUser;
}

/** Every user of the customer, 500 a page (the maximum). https://developers.google.com/admin-sdk/directory/reference/rest/v1/users/list */
export async function listUsers(c: DirectoryContext): Promise<GoogleUser[]> {
  const users: GoogleUser[] = [];
  await forEachItem<admin_directory_v1.Schema$User>(
    'directory.users.list',
    c.policy,
    'users',
    (pageToken) =>
      c.directory.users.list({
        customer: c.customer,
        maxResults: 500,
        projection: 'basic',
        fields: USER_FIELDS,
        ...withToken(pageToken),
      }),
    (u) => users.push(compactUser(u)),
  );
  return users;
}

export async function listRoles(c: DirectoryContext): Promise<GoogleRole[]> {
  const roles: GoogleRole[] = [];
  await forEachItem<admin_directory_v1.Schema$Role>(
    'directory.roles.list',
    c.policy,
    'items',
    (pageToken) =>
      c.directory.roles.list({ customer: c.customer, maxResults: 100, fields: ROLE_FIELDS, ...withToken(pageToken) }),
    (r) =>
      roles.push({
        roleId: r.roleId ?? '',
        roleName: r.roleName ?? '',
        ...(typeof r.isSuperAdminRole === 'boolean' ? { isSuperAdminRole: r.isSuperAdminRole } : {}),
        ...(typeof r.isSystemRole === 'boolean' ? { isSystemRole: r.isSystemRole } : {}),
      }),
  );
  return roles;
}

/** Members of a group, nested groups expanded (`includeDerivedMembership`), 200 a page. */
export async function listMembers(c: DirectoryContext, groupKey: string): Promise<GoogleMember[]> {
  const members: GoogleMember[] = [];
  await forEachItem<admin_directory_v1.Schema$Member>(
    'directory.members.list',
    c.policy,
    'members',
    (pageToken) =>
      c.directory.members.list({
        groupKey,
        includeDerivedMembership: true,
        maxResults: 200,
        fields: MEMBER_FIELDS,
        ...withToken(pageToken),
      }),
    (m) =>
      members.push({
        ...(m.id ? { id: m.id } : {}),
        ...(m.email ? { email: m.email.toLowerCase() } : {}),
        ...(m.type ? { type: m.type } : {}),
        ...(m.status ? { status: m.status } : {}),
      }),
  );
  return members;
}

/**
 * Every admin role assignment of the customer, plus the members of groups that hold a role (a role assigned to a
 * group reaches its members; Google names the group by id). One members.list per such group.
 */
export async function listRoleAssignments(
  c: DirectoryContext,
  call: <T>(op: string, fn: () => Promise<T>) => Promise<T>,
): Promise<GoogleRoleAssignments> {
  const items: GoogleRoleAssignments['items'] = [];
  await call('directory.roleAssignments.list', () =>
    forEachItem<admin_directory_v1.Schema$RoleAssignment>(
      'directory.roleAssignments.list',
      c.policy,
      'items',
      (pageToken) =>
        c.directory.roleAssignments.list({
          customer: c.customer,
          maxResults: 200,
          fields: ASSIGNMENT_FIELDS,
          ...withToken(pageToken),
        }),
      (a) =>
        items.push({
          roleAssignmentId: a.roleAssignmentId ?? '',
          roleId: a.roleId ?? '',
          assignedTo: a.assignedTo ?? '',
          ...(a.assigneeType ? { assigneeType: a.assigneeType } : {}),
          ...(a.scopeType ? { scopeType: a.scopeType } : {}),
          ...(a.orgUnitId ? { orgUnitId: a.orgUnitId } : {}),
        }),
    ),
  );
  const groupIds = [...new Set(items.filter((a) => a.assigneeType === 'group').map((a) => a.assignedTo))];
  const groupMembers: GoogleRoleAssignments['groupMembers'] = {};
  for (const id of groupIds) groupMembers[id] = await call('directory.members.list', () => listMembers(c, id));
  return { items, groupMembers };
}

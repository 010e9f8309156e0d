import type { GoogleUser } from '../../../src/model/datasets/google.js';
import type { MissingDataset } from '../../../src/model/snapshot.js';

export const scope = { kind: 'google-customer', id: 'example.com', name: 'example.com' } as const;

let nextId = 100;

/** A user as the collector stores it from directory.users.list: active, enrolled, enforced, signed in yesterday. */
export const user = (email: string, extra: Partial<GoogleUser> = {}): GoogleUser => ({
  id: String(nextId++).padStart(21, '1'),
  primaryEmail: email,
  fullName: email.split('@')[0],
  isAdmin: false,
  isDelegatedAdmin: false,
  isEnrolledIn2Sv: true,
  isEnforcedIn2Sv: true,
  suspended: false,
  archived: false,
  creationTime: '2024-02-01T09:00:00.000Z',
  lastLoginTime: '2026-11-22T08:30:00.000Z',
  orgUnitPath: '/',
  ...extra,
});

export const superAdminRole = {
  roleId: '91447453409034241',
  roleName: '_SEED_ADMIN_ROLE',
  isSuperAdminRole: true,
  isSystemRole: true,
};
export const helpDeskRole = {
  roleId: '91447453409034242',
  roleName: '_HELP_DESK_ADMIN_ROLE',
  isSuperAdminRole: false,
  isSystemRole: true,
};

export const usersListFailed: MissingDataset = {
  kind: 'error',
  operation: 'directory.users.list',
  status: 403,
  message: 'HTTP 403 forbidden: Not Authorized to access this resource/api',
};

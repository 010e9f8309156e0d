import type { SimGrants, SimPolicyDocument } from './iam-state.js';

/** A user of the instance's identity store, as identitystore ListUsers returns it. */
export interface SimIcUser {
  userId: string;
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  emails: Array<{ value: string; type: 'work' | 'home'; primary: boolean }>;
  status: 'ENABLED' | 'DISABLED';
  /** SCIM-provisioned users carry the IdP's id. */
  externalIds: Array<{ issuer: string; id: string }>;
}

export interface SimIcGroup {
  groupId: string;
  displayName: string;
  description?: string;
  externalIds: Array<{ issuer: string; id: string }>;
  /** userIds */
  members: string[];
}

export interface SimPermissionSet {
  arn: string;
  name: string;
  description?: string;
  /** ISO 8601 duration. */
  sessionDuration: string;
  createdDate: string;
  managedPolicyArns: string[];
  customerManagedPolicies: Array<{ name: string; path: string }>;
  inlinePolicy?: SimPolicyDocument;
  /** What the permission set is meant to grant (read by the ground truth, never sent). */
  grants?: SimGrants;
}

export interface SimIcAssignment {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

/** The organization instance of IAM Identity Center, in the management account. */
export interface IdentityCenterState {
  instanceArn: string;
  identityStoreId: string;
  name: string;
  region: string;
  ownerAccountId: string;
  createdDate: string;
  users: SimIcUser[];
  groups: SimIcGroup[];
  permissionSets: SimPermissionSet[];
  /** Accounts each permission set is provisioned to, by permission set ARN. */
  provisioned: Record<string, string[]>;
  assignments: SimIcAssignment[];
}

import { z } from 'zod';

/**
 * AWS IAM Identity Center, read from the organization's management account or its delegated administrator: the
 * instance, its identity store's users and groups, the permission sets and who is assigned them in which account.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/welcome.html
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/welcome.html
 */

/** sso-admin ListInstances: the organization instance (one per organization). */
export const IdentityCenterInstanceSchema = z.object({
  instanceArn: z.string(),
  identityStoreId: z.string(),
  /** The region the instance lives in (Identity Center is regional). */
  region: z.string(),
  /** The account that owns the instance: the management account. */
  ownerAccountId: z.string(),
  name: z.string().optional(),
  /** CREATE_IN_PROGRESS, DELETE_IN_PROGRESS, ACTIVE. */
  status: z.string().optional(),
  /**
   * No read API says which identity source the instance uses (Identity Center directory, Active Directory or an
   * external IdP); `scim` when users carry ExternalIds (provisioned from an external IdP), else `unknown`.
   */
  identitySource: z.enum(['scim', 'unknown']),
});
export type IdentityCenterInstance = z.infer<typeof IdentityCenterInstanceSchema>;

const ExternalIdSchema = z.object({ issuer: z.string(), id: z.string() });

/** identitystore ListUsers, trimmed: no addresses, phone numbers or photos. */
export const IdentityCenterUserSchema = z.object({
  userId: z.string(),
  userName: z.string(),
  displayName: z.string().optional(),
  /** Lower-cased, the primary one first. */
  emails: z.array(z.string()),
  /** `UserStatus`, absent when the store does not return it. */
  status: z.enum(['ENABLED', 'DISABLED']).optional(),
  /** Set by SCIM provisioning (`issuer` is the IdP). */
  externalIds: z.array(ExternalIdSchema),
});
export type IdentityCenterUser = z.infer<typeof IdentityCenterUserSchema>;

/** identitystore ListGroups with ListGroupMemberships per group. */
export const IdentityCenterGroupSchema = z.object({
  groupId: z.string(),
  displayName: z.string(),
  externalIds: z.array(ExternalIdSchema),
  /** The users in the group (Identity Center groups hold users only). */
  memberUserIds: z.array(z.string()),
});
export type IdentityCenterGroup = z.infer<typeof IdentityCenterGroupSchema>;

/** The policy evaluator's verdict on a permission set's policies, with the statements that make it. */
export const PermissionSetGrantSchema = z.object({
  verdict: z.enum(['yes', 'conditional', 'no']),
  /** `AdministratorAccess statement 1 allows * on every resource`; for `conditional`, also what was not judged. */
  reasons: z.array(z.string()),
});
export type PermissionSetGrant = z.infer<typeof PermissionSetGrantSchema>;

/**
 * A permission set with the policies it carries and what they grant, judged together by the policy evaluator. A
 * policy whose document assay cannot read (a customer managed policy lives in each account it is provisioned to) is
 * listed in `unjudged` and turns a `no` into `conditional`: never "not admin" on missing data. The policy text itself
 * is not stored.
 */
export const IdentityCenterPermissionSetSchema = z.object({
  arn: z.string(),
  name: z.string(),
  description: z.string().optional(),
  /** ISO 8601 duration (`PT1H`). */
  sessionDuration: z.string().optional(),
  managedPolicyArns: z.array(z.string()),
  customerManagedPolicies: z.array(z.object({ name: z.string(), path: z.string() })),
  hasInlinePolicy: z.boolean(),
  /** Policies whose documents were not read, by name. */
  unjudged: z.array(z.string()),
  /** Every action on every resource, or full control of IAM. */
  admin: PermissionSetGrantSchema,
  /** Full access to Bedrock or SageMaker. */
  aiFullAccess: PermissionSetGrantSchema,
});
export type IdentityCenterPermissionSet = z.infer<typeof IdentityCenterPermissionSetSchema>;

/** sso-admin ListAccountAssignments: one principal given one permission set in one account. */
export const IdentityCenterAssignmentSchema = z.object({
  accountId: z.string(),
  permissionSetArn: z.string(),
  principalType: z.enum(['USER', 'GROUP']),
  /** A userId or groupId of the instance's identity store. */
  principalId: z.string(),
});
export type IdentityCenterAssignment = z.infer<typeof IdentityCenterAssignmentSchema>;

export const awsIdentityCenterDatasets = {
  'aws-identity-center.instance': IdentityCenterInstanceSchema,
  'aws-identity-center.users': z.array(IdentityCenterUserSchema),
  'aws-identity-center.groups': z.array(IdentityCenterGroupSchema),
  'aws-identity-center.permission-sets': z.array(IdentityCenterPermissionSetSchema),
  'aws-identity-center.assignments': z.array(IdentityCenterAssignmentSchema),
};

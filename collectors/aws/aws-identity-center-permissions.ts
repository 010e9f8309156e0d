import type { Permission } from '../../src/model/collector.js';

/**
 * What the aws-identity-center collector calls, all reads, in the account it reads Identity Center from (the
 * management account, or the delegated administrator entered through the audit role).
 */
export const awsIdentityCenterPermissions: readonly Permission[] = [
  { name: 'sso:ListInstances', why: 'find the Identity Center instance and its identity store' },
  { name: 'sso:ListPermissionSets', why: 'list the permission sets of the instance' },
  { name: 'sso:DescribePermissionSet', why: 'name and session duration of each permission set' },
  { name: 'sso:ListManagedPoliciesInPermissionSet', why: 'the AWS managed policies each permission set carries' },
  {
    name: 'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
    why: 'the customer managed policies each permission set refers to (not judged: they live in each account)',
  },
  { name: 'sso:GetInlinePolicyForPermissionSet', why: "judge each permission set's inline policy" },
  {
    name: 'sso:ListAccountsForProvisionedPermissionSet',
    why: 'the accounts each permission set is provisioned to, so assignments are listed only where they can exist',
  },
  { name: 'sso:ListAccountAssignments', why: 'who (user or group) holds each permission set in each account' },
  { name: 'identitystore:ListUsers', why: 'the users of the identity store, 100 a call' },
  { name: 'identitystore:ListGroups', why: 'the groups of the identity store, 100 a call' },
  { name: 'identitystore:ListGroupMemberships', why: 'the members of each group' },
  {
    name: 'iam:GetPolicy',
    why: "the default version of each AWS managed policy a permission set carries (judged from AWS's current document)",
  },
  { name: 'iam:GetPolicyVersion', why: 'the document of that version, for the policy evaluator' },
  {
    name: 'sts:AssumeRole',
    why: 'enter the delegated administrator account through the audit role (identityCenter.account only)',
  },
];

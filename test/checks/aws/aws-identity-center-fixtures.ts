import type {
  IdentityCenterAssignment,
  IdentityCenterGroup,
  IdentityCenterPermissionSet,
  IdentityCenterUser,
} from '../../../src/model/datasets/aws-identity-center.js';

export const scope = { kind: 'global', id: 'aws-identity-center', name: 'AWS IAM Identity Center' } as const;
export const PROD = '111122223333';
export const MGMT = '999988887777';

export const icUser = (userName: string, over: Partial<IdentityCenterUser> = {}): IdentityCenterUser => ({
  userId: `id-${userName}`,
  userName,
  emails: [`${userName}@acme.example`],
  status: 'ENABLED',
  externalIds: [],
  ...over,
});

export const icGroup = (displayName: string, members: string[]): IdentityCenterGroup => ({
  groupId: `g-${displayName}`,
  displayName,
  externalIds: [],
  memberUserIds: members.map((m) => `id-${m}`),
});

const grant = (verdict: 'yes' | 'conditional' | 'no', reason: string) => ({
  verdict,
  reasons: verdict === 'no' ? [] : [reason],
});

export const permissionSet = (
  name: string,
  admin: 'yes' | 'conditional' | 'no',
  over: Partial<IdentityCenterPermissionSet> = {},
): IdentityCenterPermissionSet => ({
  arn: `arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-${name}`,
  name,
  managedPolicyArns: [],
  customerManagedPolicies: [],
  hasInlinePolicy: false,
  unjudged: [],
  admin: grant(admin, `${name} statement 1 allows * on every resource`),
  aiFullAccess: grant(admin, `${name} statement 1 allows * on every resource`),
  ...over,
});

export const ADMIN = permissionSet('AdministratorAccess', 'yes');
export const READ = permissionSet('ReadOnlyAccess', 'no');

export const assign = (
  accountId: string,
  set: IdentityCenterPermissionSet,
  principal: IdentityCenterUser | IdentityCenterGroup,
): IdentityCenterAssignment => ({
  accountId,
  permissionSetArn: set.arn,
  principalType: 'userId' in principal ? 'USER' : 'GROUP',
  principalId: 'userId' in principal ? principal.userId : principal.groupId,
});

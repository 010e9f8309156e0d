import type {
  AuthorizationDetails,
  CredentialReport,
  CredentialReportRow,
  PolicyDocument,
} from '../../../src/model/datasets/aws-iam.js';
import type { MissingDataset } from '../../../src/model/snapshot.js';

/** Shapes as the aws-iam collector stores them (parsed credential report, normalized authorization details). */
export const ACCOUNT = '111122223333';
export const scope = { kind: 'aws-account', id: ACCOUNT, name: 'prod' } as const;
export const arnOf = (user: string) => `arn:aws:iam::${ACCOUNT}:user/${user}`;
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;

export const row = (user: string, over: Partial<CredentialReportRow> = {}): CredentialReportRow => ({
  user,
  arn: user === '<root_account>' ? ROOT_ARN : arnOf(user),
  user_creation_time: '2025-01-10T09:00:00.000Z',
  password_enabled: true,
  password_last_used: '2026-11-20T08:00:00.000Z',
  password_last_changed: '2026-06-01T08:00:00.000Z',
  mfa_active: true,
  access_key_1_active: false,
  access_key_1_last_rotated: null,
  access_key_1_last_used_date: null,
  access_key_2_active: false,
  access_key_2_last_rotated: null,
  access_key_2_last_used_date: null,
  ...over,
});

export const rootRow = (over: Partial<CredentialReportRow> = {}) =>
  row('<root_account>', {
    password_enabled: null,
    password_last_used: '2026-01-02T10:00:00.000Z',
    password_last_changed: null,
    ...over,
  });

export const report = (...rows: CredentialReportRow[]): CredentialReport => ({
  generatedTime: '2026-11-23T10:00:00.000Z',
  rows: [rootRow(), ...rows],
});

export const allowAll: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }],
};
export const bedrockAll: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['bedrock:*'], Resource: ['*'] }],
};
export const readOnly: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'iam:List*'], Resource: ['*'] }],
};

export const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const BEDROCK_FULL_ARN = 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess';
export const READONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

type User = AuthorizationDetails['users'][number];
export const user = (name: string, over: Partial<User> = {}): User => ({
  UserName: name,
  UserId: `AIDA${name.toUpperCase()}`,
  Arn: arnOf(name),
  Path: '/',
  CreateDate: '2025-01-10T09:00:00.000Z',
  GroupList: ['Developers'],
  AttachedManagedPolicies: [],
  UserPolicyList: [],
  Tags: [],
  ...over,
});
export const role = (name: string, attached: string[]): AuthorizationDetails['roles'][number] => ({
  RoleName: name,
  Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  Path: '/',
  RolePolicyList: [],
  Tags: [],
  AttachedManagedPolicies: attached.map((a) => ({ PolicyName: a.split('/').pop()!, PolicyArn: a })),
});
export const attach = (...arns: string[]) => arns.map((a) => ({ PolicyName: a.split('/').pop()!, PolicyArn: a }));

export const details = (over: Partial<AuthorizationDetails> = {}): AuthorizationDetails => ({
  users: [],
  groups: [
    {
      GroupName: 'Developers',
      Arn: `arn:aws:iam::${ACCOUNT}:group/Developers`,
      AttachedManagedPolicies: attach(READONLY_ARN),
      GroupPolicyList: [],
    },
    {
      GroupName: 'Admins',
      Arn: `arn:aws:iam::${ACCOUNT}:group/Admins`,
      AttachedManagedPolicies: attach(ADMIN_ARN),
      GroupPolicyList: [],
    },
  ],
  roles: [],
  policies: [
    {
      PolicyName: 'AdministratorAccess',
      Arn: ADMIN_ARN,
      AwsManaged: true,
      AttachmentCount: 1,
      DefaultVersionDocument: allowAll,
    },
    {
      PolicyName: 'ReadOnlyAccess',
      Arn: READONLY_ARN,
      AwsManaged: true,
      AttachmentCount: 1,
      DefaultVersionDocument: readOnly,
    },
    {
      PolicyName: 'AmazonBedrockFullAccess',
      Arn: BEDROCK_FULL_ARN,
      AwsManaged: true,
      AttachmentCount: 1,
      DefaultVersionDocument: bedrockAll,
    },
  ],
  ...over,
});

export const denied = (operation: string): MissingDataset => ({
  kind: 'error',
  operation,
  status: 403,
  message: `AccessDenied: User: arn:aws:sts::${ACCOUNT}:assumed-role/AssayAudit/assay is not authorized to perform: ${operation}`,
});
export const deniedMessage = (operation: string) =>
  `Could not evaluate: ${operation} failed (AccessDenied: User: arn:aws:sts::${ACCOUNT}:assumed-role/AssayAudit/assay is not authorized to perform: ${operation}).`;

/** The credential report and authorization details listing exactly its users (nobody missing from the report). */
export const reportData = (r: CredentialReport) => ({
  'aws-iam.credentialReport': r,
  'aws-iam.authorizationDetails': details({
    users: r.rows.filter((x) => x.user !== '<root_account>').map((x) => user(x.user)),
  }),
});

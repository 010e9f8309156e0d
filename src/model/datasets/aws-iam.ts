import { z } from 'zod';
import { orFailed } from './aws-call-failure.js';

const IsoDate = z.iso.datetime({ offset: true });
/** A report cell AWS fills with `N/A`, `no_information` or `not_supported` when it has no value: null here. */
const OptDate = IsoDate.nullable();

/**
 * One row of the IAM credential report, by AWS's column names, trimmed to what checks use. Booleans and dates are
 * parsed; the root user's row has `user: '<root_account>'`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
export const CredentialReportRowSchema = z.object({
  user: z.string(),
  arn: z.string(),
  user_creation_time: OptDate,
  password_enabled: z.boolean().nullable(),
  password_last_used: OptDate,
  password_last_changed: OptDate,
  mfa_active: z.boolean(),
  access_key_1_active: z.boolean(),
  access_key_1_last_rotated: OptDate,
  access_key_1_last_used_date: OptDate,
  access_key_2_active: z.boolean(),
  access_key_2_last_rotated: OptDate,
  access_key_2_last_used_date: OptDate,
});
export type CredentialReportRow = z.infer<typeof CredentialReportRowSchema>;

export const ROOT_USER = '<root_account>';

export const CredentialReportSchema = z.object({
  /** When AWS produced the report; AWS reuses a report for up to four hours, so it can lag the run. */
  generatedTime: IsoDate,
  rows: z.array(CredentialReportRowSchema),
});
export type CredentialReport = z.infer<typeof CredentialReportSchema>;

/** A policy statement with its one-or-many fields normalized to arrays. */
export const PolicyStatementSchema = z.object({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: z.array(z.string()).optional(),
  NotAction: z.array(z.string()).optional(),
  Resource: z.array(z.string()).optional(),
  NotResource: z.array(z.string()).optional(),
  Condition: z.record(z.string(), z.unknown()).optional(),
});
export type PolicyStatement = z.infer<typeof PolicyStatementSchema>;

export const PolicyDocumentSchema = z.object({
  Version: z.string().optional(),
  Statement: z.array(PolicyStatementSchema),
});
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

const InlinePolicySchema = z.object({ PolicyName: z.string(), PolicyDocument: PolicyDocumentSchema });
const AttachedPolicySchema = z.object({ PolicyName: z.string(), PolicyArn: z.string() });
const TagSchema = z.object({ Key: z.string(), Value: z.string() });

/**
 * GetAccountAuthorizationDetails, every page joined, policy documents URL-decoded and parsed. `Policies` holds the
 * account's customer managed policies and the AWS managed policies attached to something, each with its default
 * version's document only.
 */
export const AuthorizationDetailsSchema = z.object({
  users: z.array(
    z.object({
      UserName: z.string(),
      UserId: z.string(),
      Arn: z.string(),
      Path: z.string(),
      CreateDate: IsoDate,
      GroupList: z.array(z.string()),
      AttachedManagedPolicies: z.array(AttachedPolicySchema),
      UserPolicyList: z.array(InlinePolicySchema),
      PermissionsBoundaryArn: z.string().optional(),
      Tags: z.array(TagSchema),
    }),
  ),
  groups: z.array(
    z.object({
      GroupName: z.string(),
      Arn: z.string(),
      AttachedManagedPolicies: z.array(AttachedPolicySchema),
      GroupPolicyList: z.array(InlinePolicySchema),
    }),
  ),
  roles: z.array(
    z.object({
      RoleName: z.string(),
      Arn: z.string(),
      Path: z.string(),
      AttachedManagedPolicies: z.array(AttachedPolicySchema),
      RolePolicyList: z.array(InlinePolicySchema),
      Tags: z.array(TagSchema),
      RoleLastUsedDate: IsoDate.optional(),
    }),
  ),
  policies: z.array(
    z.object({
      PolicyName: z.string(),
      Arn: z.string(),
      /** `arn:aws:iam::aws:policy/...` */
      AwsManaged: z.boolean(),
      AttachmentCount: z.number().int().nonnegative(),
      DefaultVersionDocument: PolicyDocumentSchema,
    }),
  ),
});
export type AuthorizationDetails = z.infer<typeof AuthorizationDetailsSchema>;

/** ListVirtualMFADevices (AssignmentStatus=Assigned): live, unlike the credential report. */
export const VirtualMfaDeviceSchema = z.object({
  SerialNumber: z.string(),
  /** The user's ARN, or `arn:aws:iam::<account>:root` for the root user. */
  UserArn: z.string().optional(),
  UserName: z.string().optional(),
  EnableDate: IsoDate.optional(),
});
export type VirtualMfaDevice = z.infer<typeof VirtualMfaDeviceSchema>;

/** GetAccountPasswordPolicy; `policy: null` when the account has none (AWS answers NoSuchEntity). */
export const PasswordPolicyDatasetSchema = z.object({
  policy: z
    .object({
      MinimumPasswordLength: z.number().int().optional(),
      RequireSymbols: z.boolean().optional(),
      RequireNumbers: z.boolean().optional(),
      RequireUppercaseCharacters: z.boolean().optional(),
      RequireLowercaseCharacters: z.boolean().optional(),
      AllowUsersToChangePassword: z.boolean().optional(),
      ExpirePasswords: z.boolean().optional(),
      MaxPasswordAge: z.number().int().optional(),
      PasswordReusePrevention: z.number().int().optional(),
      HardExpiry: z.boolean().optional(),
    })
    .nullable(),
});
export type PasswordPolicyDataset = z.infer<typeof PasswordPolicyDatasetSchema>;

/** GetAccountSummary's SummaryMap (AccountMFAEnabled and AccountAccessKeysPresent are the root user's, live). */
export const AccountSummarySchema = z.record(z.string(), z.number());

/**
 * iam:ListOrganizationsFeatures, read once per run with the credentials assay starts from (the management account or
 * IAM's delegated administrator), or the failure of that call. An account outside any organization has no features.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 */
export const RootAccessManagementSchema = orFailed(
  z.object({
    organizationId: z.string().nullable(),
    /** `RootCredentialsManagement`, `RootSessions`. */
    enabledFeatures: z.array(z.string()),
  }),
);
export type RootAccessManagement = z.infer<typeof RootAccessManagementSchema>;

export const awsIamDatasets = {
  'aws-iam.credentialReport': CredentialReportSchema,
  'aws-iam.authorizationDetails': AuthorizationDetailsSchema,
  'aws-iam.virtualMfaDevices': z.array(VirtualMfaDeviceSchema),
  'aws-iam.passwordPolicy': PasswordPolicyDatasetSchema,
  'aws-iam.accountSummary': AccountSummarySchema,
  'aws-iam.rootAccessManagement': RootAccessManagementSchema,
};

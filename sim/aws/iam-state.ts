export interface SimStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

export interface SimPolicyDocument {
  Version: '2012-10-17';
  Statement: SimStatement | SimStatement[];
}

/**
 * What a planted policy is meant to grant, as a fact of the simulated world (the ground truth reads it; it is never
 * sent): every action or full IAM (`admin`), full Bedrock or SageMaker (`ai`), each `yes` or under a `conditional`.
 */
export interface SimGrants {
  admin?: 'yes' | 'conditional';
  ai?: 'yes' | 'conditional';
}

export interface SimInlinePolicy {
  name: string;
  document: SimPolicyDocument;
  grants?: SimGrants;
}

export interface SimTag {
  Key: string;
  Value: string;
}

export interface SimAccessKey {
  active: boolean;
  /** ISO 8601. */
  lastRotated: string;
  lastUsed: string | null;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

/** `enabledAt` after the credential report's time: the report still says false (AWS refreshes it every 4 hours). */
export interface SimMfa {
  kind: 'virtual' | 'hardware';
  enabledAt: string;
}

export interface SimUser {
  name: string;
  id: string;
  path: string;
  createDate: string;
  tags: SimTag[];
  groups: string[];
  attachedPolicyArns: string[];
  inlinePolicies: SimInlinePolicy[];
  permissionsBoundaryArn?: string;
  password: { enabled: boolean; lastUsed: string | null; lastChanged: string | null };
  mfa: SimMfa | null;
  accessKeys: SimAccessKey[];
}

export interface SimGroup {
  name: string;
  id: string;
  path: string;
  createDate: string;
  attachedPolicyArns: string[];
  inlinePolicies: SimInlinePolicy[];
}

export interface SimRole {
  name: string;
  id: string;
  path: string;
  createDate: string;
  trustPolicy: SimPolicyDocument;
  attachedPolicyArns: string[];
  inlinePolicies: SimInlinePolicy[];
  tags: SimTag[];
  lastUsed: string | null;
}

export interface SimManagedPolicy {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  versions: Array<{ id: string; createDate: string; document: SimPolicyDocument }>;
  /** What the default version is meant to grant (see SimGrants). */
  grants?: SimGrants;
}

export interface SimPasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface SimRoot {
  createDate: string;
  /** False for a member account created by Organizations, or whose root credentials were deleted centrally. */
  password: boolean;
  passwordLastUsed: string | null;
  mfa: SimMfa | null;
  accessKeys: SimAccessKey[];
}

export interface IamState {
  root: SimRoot;
  users: SimUser[];
  groups: SimGroup[];
  roles: SimRole[];
  /** Customer managed policies of this account. */
  policies: SimManagedPolicy[];
  passwordPolicy: SimPasswordPolicy | null;
  /**
   * Management account only: the centralized root access features enabled for the organization
   * (ListOrganizationsFeatures); undefined when IAM's trusted access in Organizations is off.
   */
  organizationsFeatures?: Array<'RootCredentialsManagement' | 'RootSessions'>;
  credentialReport: {
    /** A fault no real report has, for tests: the `<root_account>` row left out. */
    omitRootRow?: boolean;
    /** When the stored report was made (null: never). GenerateCredentialReport reuses one younger than 4 hours. */
    generatedAt: string | null;
    /** GenerateCredentialReport answers this many more times STARTED/INPROGRESS before the new report is COMPLETE. */
    pendingPolls: number;
    /** Generation takes this many GetCredentialReport/GenerateCredentialReport calls to finish (set on each new report). */
    pollsToComplete: number;
  };
}

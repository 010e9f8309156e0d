import type { IamState } from './iam-state.js';
import type { CloudTrailState } from './cloudtrail-state.js';
import type { S3State } from './s3-state.js';
import type { BedrockState } from './bedrock-state.js';
import type { KmsState } from './kms-state.js';
import type { IdentityCenterState } from './identity-center-state.js';

/** account:ListRegions RegionOptStatus. */
export type SimRegionStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';

/** An access key the simulated AWS accepts, and who it belongs to. */
export interface AwsSimPrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  /** `arn:aws:iam::111:user/x` or `arn:aws:sts::111:assumed-role/Role/session`. */
  arn: string;
  userId: string;
}

/**
 * One simulated AWS account. Each service keeps its own sub-object (`iam` here; CloudTrail, S3 and Bedrock add
 * theirs), so route files only read and write their own part.
 */
export interface AwsSimAccount {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED';
  /** The audit role's trust policy refuses the collector (sts:AssumeRole answers AccessDenied). */
  denyAssumeRole: boolean;
  iam: IamState;
  cloudtrail: CloudTrailState;
  s3: S3State;
  bedrock: BedrockState;
  kms: KmsState;
  /** Every region of the partition and its opt-in status; calls signed for a region not enabled are refused. */
  regions: Record<string, SimRegionStatus>;
}

export interface AwsSimState {
  organizationId: string;
  managementAccountId: string;
  /** The role the collector assumes in member accounts. */
  auditRoleName: string;
  /** Required by the audit role's trust policy when set. */
  externalId?: string;
  accounts: AwsSimAccount[];
  /** The long-lived key the collector starts with: a user in the management account. */
  baseCredentials: AwsSimPrincipal;
  /** IAM Identity Center's organization instance, owned by the management account; absent: not enabled. */
  identityCenter?: IdentityCenterState;
  /** The instant the simulated world is "now" (credential-report dates are relative to it). */
  now: string;
}

export const findAccount = (state: AwsSimState, id: string): AwsSimAccount | undefined =>
  state.accounts.find((a) => a.id === id);

/** A trail as the simulated account owns it. */
export interface SimTrail {
  name: string;
  homeRegion: string;
  multiRegion: boolean;
  /** An organization trail of the management account: member accounts see it too. */
  organization: boolean;
  logFileValidation: boolean;
  kmsKeyId?: string;
  bucket: string;
  logging: boolean;
  /** Which management events it records. */
  readWrite: 'All' | 'ReadOnly' | 'WriteOnly';
  /** Served as advanced event selectors rather than basic ones. */
  advancedSelectors: boolean;
  /** Management event sources left out (ExcludeManagementEventSources, or an advanced eventSource NotEquals). */
  excludeSources?: string[];
  /** GetTrailStatus LatestDeliveryError, e.g. NoSuchBucket when the bucket was deleted. */
  deliveryError?: string;
}

/** What a planted event is, in the simulated world's own words (the ground truth is read from it). */
export type SimEventRisk =
  'admin-grant' | 'root-login' | 'login-without-mfa' | 'mfa-removed' | 'trail-change' | 'break-glass';

/** One event in the account's event history. `record` is the full CloudTrail record, served as the CloudTrailEvent string. */
export interface SimCloudTrailEvent {
  id: string;
  name: string;
  source: string;
  /** ISO 8601. */
  time: string;
  region: string;
  readOnly: boolean;
  username?: string;
  accessKeyId?: string;
  resources: Array<{ type: string; name: string }>;
  record: Record<string, unknown>;
  risks: SimEventRisk[];
}

export interface CloudTrailState {
  trails: SimTrail[];
  /** Newest first, as LookupEvents returns them. */
  events: SimCloudTrailEvent[];
}

/** A restriction (`sources.aws.regions`) that leaves the sign-in URL's and other regions unread. */
export const SIM_REGIONS = ['us-east-1', 'eu-west-1'] as const;
/** Events here are read only when every enabled region is. */
export const NOISE_REGION = 'us-west-2';
/** The role the simulated organization keeps for emergencies (configure `breakGlassRoles: [BreakGlass]`). */
export const BREAK_GLASS_ROLE = 'BreakGlass';

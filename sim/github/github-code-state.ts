/** Repositories, rulesets and secret-scanning alerts of one simulated organization, read live by the routes. */

export type SimFeatureStatus = 'enabled' | 'disabled';
export type SimRepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

/** Classic branch protection, named as GraphQL's `BranchProtectionRule`. */
export interface SimBranchProtection {
  pattern: string;
  requiresApprovingReviews: boolean;
  requiredApprovingReviewCount: number;
  isAdminEnforced: boolean;
  allowsForcePushes: boolean;
  dismissesStaleReviews: boolean;
  requireLastPushApproval: boolean;
  requiresCodeOwnerReviews: boolean;
  /** Who may merge without the required reviews (GraphQL `bypassPullRequestAllowances`). */
  bypassPullRequestAllowances: Array<{ kind: 'User' | 'Team' | 'App'; name: string }>;
}

export interface SimRulesetRule {
  type: 'pull_request' | 'non_fast_forward' | 'deletion';
  requiredApprovingReviewCount?: number;
  dismissStaleReviewsOnPush?: boolean;
  requireLastPushApproval?: boolean;
}

export interface SimBypassActor {
  actorType: 'OrganizationAdmin' | 'RepositoryRole' | 'Team' | 'DeployKey';
  /** Repository role id (5 = admin) or team id. */
  actorId: number | null;
  /** A team's slug, for GraphQL. */
  slug?: string;
  bypassMode: 'always' | 'pull_request';
}

export interface SimRuleset {
  id: number;
  nodeId: string;
  name: string;
  source: 'Organization' | 'Repository';
  /** The organization login or the repository name. */
  sourceName: string;
  enforcement: 'active' | 'evaluate' | 'disabled';
  /** `ref_name` patterns (`~DEFAULT_BRANCH`, `~ALL`, `refs/heads/…`) and, for organization rulesets, repository name patterns. */
  refInclude: string[];
  repoInclude: string[];
  repoExclude: string[];
  rules: SimRulesetRule[];
  bypass: SimBypassActor[];
  createdAt: string;
  updatedAt: string;
}

export interface SimOutsideCollaborator {
  login: string;
  permission: SimRepoPermission;
}

export interface SimRepo {
  id: number;
  name: string;
  description: string | null;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  /** null: an empty repository, without a default branch. */
  defaultBranch: string | null;
  protection: SimBranchProtection | null;
  rulesets: SimRuleset[];
  /** `security_and_analysis`; `advanced_security` only where the plan offers it. */
  security: {
    advanced_security?: SimFeatureStatus;
    secret_scanning: SimFeatureStatus;
    secret_scanning_push_protection: SimFeatureStatus;
  };
  collaborators: SimOutsideCollaborator[];
  createdAt: string;
  pushedAt: string;
}

export interface SimSecretAlert {
  number: number;
  repo: string;
  secretType: string;
  displayName: string;
  provider: string;
  /** The leaked value itself: served only without `hide_secret=true`, so tests can prove it is never stored. */
  secret: string;
  validity: 'active' | 'inactive' | 'unknown';
  state: 'open' | 'resolved';
  publiclyLeaked: boolean;
  /** Age when served; created_at is computed from the simulator's clock so ages stay true whenever it runs. */
  ageDays: number;
  ageHours: number;
}

export interface SimOrgCode {
  repos: SimRepo[];
  rulesets: SimRuleset[];
  alerts: SimSecretAlert[];
}

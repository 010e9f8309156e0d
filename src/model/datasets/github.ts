import { z } from 'zod';
import { GithubSamlIdentitySchema, GithubVerifiedEmailsSchema } from '../people/github-identities.js';
import { githubPullRequestDatasets } from './github-pull-requests.js';

/** A user as the org member lists return it, trimmed to what checks use. */
export const GithubUserSchema = z.object({
  login: z.string(),
  id: z.number().int(),
  type: z.string().optional(),
});
export type GithubUser = z.infer<typeof GithubUserSchema>;

/**
 * `GET /orgs/{org}`. Fields such as `two_factor_requirement_enabled` and `plan` are only returned to org owners:
 * absent means unknown, never false.
 */
export const GithubOrgSchema = z.object({
  login: z.string(),
  id: z.number().int(),
  name: z.string().nullable().optional(),
  plan: z.string().optional(),
  two_factor_requirement_enabled: z.boolean().nullable().optional(),
  default_repository_permission: z.string().nullable().optional(),
  members_can_create_repositories: z.boolean().nullable().optional(),
});
export type GithubOrg = z.infer<typeof GithubOrgSchema>;

/**
 * Classic branch protection of a default branch: GraphQL `BranchProtectionRule`, which GitHub shows only to
 * repository admins, or for a token that can push but not administer, `refUpdateRule`, which lacks the fields left
 * null here (null: not shown to this token, never "off").
 * https://docs.github.com/en/graphql/reference/objects#refupdaterule
 */
export const GithubBranchProtectionSchema = z.object({
  pattern: z.string(),
  requiresApprovingReviews: z.boolean(),
  requiredApprovingReviewCount: z.number().int().nullable(),
  isAdminEnforced: z.boolean().nullable(),
  allowsForcePushes: z.boolean(),
  dismissesStaleReviews: z.boolean().nullable(),
  requireLastPushApproval: z.boolean().nullable(),
  requiresCodeOwnerReviews: z.boolean(),
  /** Who may merge without the required reviews (`User login`, `Team slug`, `App slug`); null when not shown. */
  bypassPullRequestAllowances: z.array(z.string()).nullable().optional(),
  /** Which GraphQL field it was read from; absent means `branchProtectionRule`. */
  readFrom: z.enum(['branchProtectionRule', 'refUpdateRule']).optional(),
});
export type GithubBranchProtection = z.infer<typeof GithubBranchProtectionSchema>;

/** The ruleset a branch rule comes from; `source` is `Organization`, `Repository` or `Enterprise`. */
export const GithubRuleOriginSchema = z.object({
  id: z.number().int().nullable(),
  name: z.string(),
  /** `ACTIVE | EVALUATE | DISABLED`: only ACTIVE enforces. */
  enforcement: z.string(),
  source: z.string(),
});

/** One rule GitHub applies to a default branch (GraphQL `Ref.rules`: active repository and organization rulesets). */
export const GithubBranchRuleSchema = z.object({
  /** `PULL_REQUEST`, `NON_FAST_FORWARD`, `DELETION`, … */
  type: z.string(),
  requiredApprovingReviewCount: z.number().int().optional(),
  /** Pull request rules: whether a new push dismisses approvals, and whether the last push needs another's approval. */
  dismissStaleReviewsOnPush: z.boolean().optional(),
  requireLastPushApproval: z.boolean().optional(),
  ruleset: GithubRuleOriginSchema.nullable(),
});
export type GithubBranchRule = z.infer<typeof GithubBranchRuleSchema>;

export const GithubCollaboratorSchema = z.object({
  login: z.string(),
  /** `ADMIN | MAINTAIN | WRITE | TRIAGE | READ` */
  permission: z.string(),
});

/** A repository as the GraphQL organization listing returns it, 100 a page. */
export const GithubRepositorySchema = z.object({
  name: z.string(),
  isArchived: z.boolean(),
  /** `PUBLIC | PRIVATE | INTERNAL` */
  visibility: z.string(),
  /** The token's permission on the repository (`ADMIN | MAINTAIN | WRITE | TRIAGE | READ`): what it may see of protection. */
  viewerPermission: z.string().nullable().optional(),
  /** null for an empty repository. */
  defaultBranch: z
    .object({
      name: z.string(),
      protection: GithubBranchProtectionSchema.nullable(),
      rules: z.array(GithubBranchRuleSchema),
    })
    .nullable(),
  outsideCollaborators: z.array(GithubCollaboratorSchema),
  /** Parts GitHub refused to show for this repository (GraphQL errors): `branchProtectionRule`, `rules`, `collaborators`. */
  unreadable: z.array(z.string()).optional(),
});
export type GithubRepository = z.infer<typeof GithubRepositorySchema>;

const FeatureStatusSchema = z.object({ status: z.string() });

/**
 * `GET /orgs/{org}/repos` items. `security_and_analysis` is shown only to repository admins, org owners and
 * security managers: absent means unknown, not disabled.
 */
export const GithubRepoSecuritySchema = z.object({
  name: z.string(),
  archived: z.boolean(),
  private: z.boolean(),
  visibility: z.string().optional(),
  security_and_analysis: z
    .object({
      advanced_security: FeatureStatusSchema.optional(),
      /** Standalone GitHub Code Security: with it, `advanced_security` no longer tells whether Secret Protection is there. */
      code_security: FeatureStatusSchema.optional(),
      secret_scanning: FeatureStatusSchema.optional(),
      secret_scanning_push_protection: FeatureStatusSchema.optional(),
      /** Secret Protection features: enabled means the repository has Secret Protection. */
      secret_scanning_non_provider_patterns: FeatureStatusSchema.optional(),
      secret_scanning_ai_detection: FeatureStatusSchema.optional(),
    })
    .nullable()
    .optional(),
});
export type GithubRepoSecurity = z.infer<typeof GithubRepoSecuritySchema>;

/** Who may bypass a ruleset, from the REST details or the GraphQL node. */
export const GithubBypassActorSchema = z.object({
  /** `OrganizationAdmin | RepositoryRole | Team | Integration | DeployKey | EnterpriseOwner | User` */
  actor_type: z.string(),
  actor_id: z.number().int().nullable().optional(),
  /** A readable name: a repository role (`admin`), a team or app slug. */
  name: z.string().optional(),
  bypass_mode: z.string().optional(),
});
export type GithubBypassActor = z.infer<typeof GithubBypassActorSchema>;

/** A ruleset with its conditions and rules (`GET /orgs/{org}/rulesets/{id}`), trimmed. */
export const GithubRulesetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  target: z.string().nullable().optional(),
  source_type: z.string().optional(),
  source: z.string(),
  /** `active | evaluate | disabled`: only active enforces. */
  enforcement: z.string(),
  /** Absent when the caller may not see who can bypass. */
  bypass_actors: z.array(GithubBypassActorSchema).optional(),
  conditions: z
    .object({
      ref_name: z
        .object({ include: z.array(z.string()), exclude: z.array(z.string()) })
        .partial()
        .optional(),
      repository_name: z
        .object({ include: z.array(z.string()), exclude: z.array(z.string()), protected: z.boolean() })
        .partial()
        .optional(),
      repository_id: z
        .object({ repository_ids: z.array(z.number().int()) })
        .partial()
        .optional(),
      repository_property: z.unknown().optional(),
    })
    .nullable()
    .optional(),
  rules: z
    .array(
      z.object({
        type: z.string(),
        parameters: z
          .object({
            required_approving_review_count: z.number().int().optional(),
            dismiss_stale_reviews_on_push: z.boolean().optional(),
            require_last_push_approval: z.boolean().optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});
export type GithubRuleset = z.infer<typeof GithubRulesetSchema>;

/**
 * An open secret-scanning alert, trimmed: the secret itself is never requested (`hide_secret=true`) nor kept.
 * https://docs.github.com/en/rest/secret-scanning/secret-scanning#list-secret-scanning-alerts-for-an-organization
 */
export const GithubSecretAlertSchema = z.object({
  number: z.number().int(),
  secret_type: z.string(),
  secret_type_display_name: z.string().nullable().optional(),
  /** `active | inactive | unknown` */
  validity: z.string().nullable().optional(),
  /** `owner/name` of the repository. */
  repository: z.string(),
  /** A bad timestamp is refused here: an alert without a readable age could never be found late. */
  created_at: z.iso.datetime({ offset: true }),
  html_url: z.string(),
  publicly_leaked: z.boolean().nullable().optional(),
});
export type GithubSecretAlert = z.infer<typeof GithubSecretAlertSchema>;

export const githubDatasets = {
  'github.org': GithubOrgSchema,
  'github.members': z.array(GithubUserSchema),
  /** `GET /orgs/{org}/members?filter=2fa_disabled`: owners only. */
  'github.membersWithout2fa': z.array(GithubUserSchema),
  /** `GET /orgs/{org}/members?filter=2fa_insecure` (SMS only): owners only; missing on older GHES. */
  'github.membersWithInsecure2fa': z.array(GithubUserSchema),
  'github.owners': z.array(GithubUserSchema),
  'github.outsideCollaborators': z.array(GithubUserSchema),
  /** `GET /orgs/{org}/outside_collaborators?filter=2fa_disabled`: owners only. */
  'github.outsideCollaboratorsWithout2fa': z.array(GithubUserSchema),
  /** GraphQL: every repository with its default branch's protection, rules and outside collaborators. */
  'github.repositories': z.array(GithubRepositorySchema),
  /** `GET /orgs/{org}/repos`: security and analysis settings. */
  'github.repoSecurity': z.array(GithubRepoSecuritySchema),
  /** `GET /orgs/{org}/rulesets` with the details of each. */
  'github.orgRulesets': z.array(GithubRulesetSchema),
  /** Repository-level rulesets that apply to a default branch, with who may bypass them (GraphQL nodes). */
  'github.repoRulesets': z.array(GithubRulesetSchema),
  'github.secretScanningAlerts': z.array(GithubSecretAlertSchema),
  /** GraphQL SAML/SCIM external identities claimed by members; not applicable without SAML SSO. */
  'github.samlIdentities': z.array(GithubSamlIdentitySchema),
  /** GraphQL members' emails on the organization's verified domains (owners only); members without one are left out. */
  'github.verifiedDomainEmails': z.array(GithubVerifiedEmailsSchema),
  ...githubPullRequestDatasets,
};

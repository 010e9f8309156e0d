/**
 * The GraphQL queries the GitHub collector sends. Each is validated against GitHub's published schema in a test,
 * and every connection names `first` (≤ 100), as GitHub requires.
 * https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api
 */

const RULE_FIELDS = `
fragment AssayRule on RepositoryRule {
  type
  parameters { ... on PullRequestParameters { requiredApprovingReviewCount dismissStaleReviewsOnPush requireLastPushApproval } }
  repositoryRuleset { id databaseId name enforcement source { __typename } }
}`;

/** An identity provider's identities as the organization's and the enterprise's queries both read them. */
const EXTERNAL_IDENTITY_FIELDS = `
fragment AssayExternalIdentities on ExternalIdentityConnection {
  totalCount
  pageInfo { hasNextPage endCursor }
  nodes { guid samlIdentity { nameId emails { value } } scimIdentity { username } user { login } }
}`;

const COLLABORATOR_FIELDS = `
fragment AssayCollaborators on RepositoryCollaboratorConnection {
  pageInfo { hasNextPage endCursor }
  edges { permission node { login } }
}`;

/**
 * One page of 100 repositories with their default branch's classic protection and active ruleset rules, and the
 * outside collaborators with their permission: what would otherwise take ~4 REST calls per repository.
 * `branchProtectionRule` is null for a token without admin rights on the repository, so `refUpdateRule` (what a
 * pusher sees of it) and `viewerPermission` come along to tell "unprotected" from "not shown".
 */
export const REPOSITORIES_QUERY = `
query AssayRepositories($org: String!, $after: String) {
  rateLimit { cost remaining resetAt }
  organization(login: $org) {
    repositories(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        name
        isArchived
        visibility
        viewerPermission
        defaultBranchRef {
          name
          branchProtectionRule {
            pattern
            requiresApprovingReviews
            requiredApprovingReviewCount
            isAdminEnforced
            allowsForcePushes
            dismissesStaleReviews
            requireLastPushApproval
            requiresCodeOwnerReviews
            bypassPullRequestAllowances(first: 100) {
              totalCount
              nodes { actor { __typename ... on User { login } ... on Team { slug } ... on App { slug } } }
            }
          }
          refUpdateRule { pattern requiredApprovingReviewCount allowsForcePushes requiresCodeOwnerReviews }
          rules(first: 100) {
            pageInfo { hasNextPage endCursor }
            nodes { ...AssayRule }
          }
        }
        collaborators(affiliation: OUTSIDE, first: 100) { ...AssayCollaborators }
      }
    }
  }
}
${RULE_FIELDS}
${COLLABORATOR_FIELDS}`;

/** The rest of one repository's outside collaborators or branch rules, for the rare repository with more than 100. */
export const REPOSITORY_MORE_QUERY = `
query AssayRepositoryMore($org: String!, $name: String!, $collaboratorsAfter: String, $rulesAfter: String, $withCollaborators: Boolean!, $withRules: Boolean!) {
  repository(owner: $org, name: $name) {
    collaborators(affiliation: OUTSIDE, first: 100, after: $collaboratorsAfter) @include(if: $withCollaborators) { ...AssayCollaborators }
    defaultBranchRef @include(if: $withRules) {
      rules(first: 100, after: $rulesAfter) {
        pageInfo { hasNextPage endCursor }
        nodes { ...AssayRule }
      }
    }
  }
}
${RULE_FIELDS}
${COLLABORATOR_FIELDS}`;

/** Who may bypass each repository ruleset that applies to a default branch: up to 100 rulesets a request. */
export const RULESETS_QUERY = `
query AssayRulesets($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on RepositoryRuleset {
      id
      databaseId
      name
      enforcement
      target
      source { __typename ... on Repository { name } ... on Organization { login } }
      bypassActors(first: 100) {
        nodes {
          bypassMode
          organizationAdmin
          deployKey
          repositoryRoleName
          repositoryRoleDatabaseId
          actor { __typename ... on App { slug } ... on Team { slug } }
        }
      }
    }
  }
}`;

/** Approvals read per pull request: the newest ones, which are what a merge relied on. */
export const APPROVALS_PER_PULL_REQUEST = 25;

/**
 * One page of 100 merged pull requests found by an org-wide search (`org:ORG is:pr is:merged merged:FROM..TO`), each
 * with its base branch and the repository's default branch, who wrote and merged it, the merged head commit, and its
 * newest approvals with the commit each was given on. `Commit.pushedDate` is no longer served (null since 2023), so
 * "pushed after the approval" is read as "the merged head is not the approved commit".
 * https://docs.github.com/en/search-github/searching-on-github/searching-issues-and-pull-requests#search-based-on-when-a-pull-request-was-merged
 */
export const MERGED_PULL_REQUESTS_QUERY = `
query AssayMergedPullRequests($q: String!, $after: String) {
  rateLimit { cost remaining resetAt }
  search(type: ISSUE, query: $q, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on PullRequest {
        number
        repository { name defaultBranchRef { name } }
        baseRefName
        author { __typename login }
        mergedBy { __typename login }
        mergedAt
        headRefOid
        commits(last: 1) { nodes { commit { oid committedDate } } }
        reviews(states: APPROVED, last: ${APPROVALS_PER_PULL_REQUEST}) {
          totalCount
          nodes { author { __typename login } submittedAt commit { oid } }
        }
      }
    }
  }
}`;

/**
 * One page of 100 SAML/SCIM external identities of the organization with the member each is linked to. Null provider:
 * no SAML SSO on the organization, or a viewer who may not see it (owners, or an App with Members read), which
 * `viewerCanAdminister` tells apart. https://docs.github.com/en/graphql/reference/objects#externalidentity
 */
export const SAML_IDENTITIES_QUERY = `
query AssaySamlIdentities($org: String!, $after: String) {
  organization(login: $org) {
    viewerCanAdminister
    samlIdentityProvider {
      externalIdentities(first: 100, after: $after, membersOnly: true) { ...AssayExternalIdentities }
    }
  }
}
${EXTERNAL_IDENTITY_FIELDS}`;

/**
 * One page of 100 SAML/SCIM identities of the enterprise's identity provider, for SSO set on the enterprise rather
 * than the organization (the organization's provider is then null). `ownerInfo` is visible to enterprise owners only
 * (a classic token needs read:enterprise). https://docs.github.com/en/graphql/reference/objects#enterpriseidentityprovider
 */
export const ENTERPRISE_SAML_IDENTITIES_QUERY = `
query AssayEnterpriseSamlIdentities($slug: String!, $after: String) {
  enterprise(slug: $slug) {
    ownerInfo {
      samlIdentityProvider {
        externalIdentities(first: 100, after: $after, membersOnly: true) { ...AssayExternalIdentities }
      }
    }
  }
}
${EXTERNAL_IDENTITY_FIELDS}`;

/**
 * One page of 100 members with their emails on the organization's verified domains. GitHub shows other members'
 * verified-domain emails to organization owners only; anyone else gets empty lists, indistinguishable from "none".
 * https://docs.github.com/en/graphql/reference/objects#user
 */
export const VERIFIED_DOMAIN_EMAILS_QUERY = `
query AssayVerifiedDomainEmails($org: String!, $after: String) {
  organization(login: $org) {
    viewerCanAdminister
    membersWithRole(first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { login organizationVerifiedDomainEmails(login: $org) }
    }
  }
}`;

export const GITHUB_QUERIES = {
  REPOSITORIES_QUERY,
  REPOSITORY_MORE_QUERY,
  RULESETS_QUERY,
  MERGED_PULL_REQUESTS_QUERY,
  SAML_IDENTITIES_QUERY,
  ENTERPRISE_SAML_IDENTITIES_QUERY,
  VERIFIED_DOMAIN_EMAILS_QUERY,
} as const;

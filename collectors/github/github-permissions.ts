import type { Permission } from '../../src/model/collector.js';

/**
 * What the GitHub collector needs; all read-only. Classic token: `read:org`, `repo` (private repositories, branch
 * protection, collaborators) and `security_events` (secret-scanning alerts). A GitHub App or fine-grained token:
 * the organization and repository permissions below, each "read".
 */
export const githubPermissions: readonly Permission[] = [
  {
    name: 'Organization: Members (read) / read:org',
    why: "list members, owners, outside collaborators, and the members and outside collaborators without 2FA or with SMS-only 2FA; the SAML/SCIM external identities members signed in with (owners or an App with Members read) and members' emails on the verified domains (owners only), which link accounts to people",
  },
  {
    name: 'Organization: Administration (read) / organization owner',
    why: 'GitHub shows two_factor_requirement_enabled, the plan, the default repository permission and the 2FA member filters only to owners (or an App with this permission); organization rulesets and their details',
  },
  {
    name: 'Enterprise: read:enterprise (only with `enterprise` set)',
    why: "read the enterprise's SAML/SCIM external identities when single sign-on is set on the enterprise and an organization has none of its own (enterprise owners only)",
  },
  {
    name: 'Repository: Metadata (read)',
    why: 'list every repository with its visibility, archive state and default branch (GraphQL, 100 a page)',
  },
  {
    name: 'Repository: Administration (read) / repo',
    why: "read classic branch protection, ruleset rules and bypass actors, outside collaborators' permission and security_and_analysis settings",
  },
  {
    name: 'Repository: Pull requests (read) / repo',
    why: 'search the pull requests merged since the previous run org-wide (GraphQL search, 100 a page) with their approving reviews',
  },
  {
    name: 'Repository: Secret scanning alerts (read) / security_events',
    why: 'list open secret-scanning alerts org-wide (hide_secret=true: the secret itself is never requested)',
  },
];

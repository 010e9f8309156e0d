import type { SimGithubOrg, SimGithubUser } from './github-state.js';

/** Web URLs GitHub puts next to API URLs; the API base is the simulator's own, so links stay on it. */
const WEB = 'https://github.com';

const legacyNodeId = (kind: string, id: number) => Buffer.from(`${kind}${id}`).toString('base64');

/** `simple-user`, as in list endpoints. https://docs.github.com/rest/orgs/members#list-organization-members */
export function simpleUser(api: string, u: SimGithubUser) {
  const url = `${api}/users/${u.login}`;
  return {
    login: u.login,
    id: u.id,
    node_id: legacyNodeId('04:User', u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${u.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `private-user`: `GET /user` for the token's own account. https://docs.github.com/rest/users/users#get-the-authenticated-user */
export function privateUser(api: string, u: SimGithubUser) {
  return {
    ...simpleUser(api, u),
    user_view_type: 'private',
    name: u.name,
    company: null,
    blog: '',
    location: null,
    email: u.email,
    notification_email: u.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: u.createdAt,
    updated_at: u.createdAt,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: u.twoFactor !== 'disabled',
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

/**
 * `organization-full`. Plan, billing and member settings (2FA requirement included) are shown to owners only.
 * https://docs.github.com/rest/orgs/orgs#get-an-organization
 */
export function organizationFull(api: string, o: SimGithubOrg, asOwner: boolean) {
  const url = `${api}/orgs/${o.login}`;
  const publicView = {
    login: o.login,
    id: o.id,
    node_id: legacyNodeId('012:Organization', o.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${o.id}?v=4`,
    description: o.description,
    name: o.name,
    // The spec types an organization's company as a string (not nullable), so it is always set here.
    company: o.name,
    blog: o.blog,
    location: o.location,
    email: o.email,
    twitter_username: null,
    is_verified: o.isVerified,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: o.publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${WEB}/${o.login}`,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    archived_at: null,
    type: 'Organization',
  };
  if (!asOwner) return publicView;
  const s = o.settings;
  return {
    ...publicView,
    total_private_repos: o.privateRepos,
    owned_private_repos: o.privateRepos,
    private_gists: 0,
    disk_usage: o.privateRepos * 5_120,
    collaborators: 0,
    billing_email: o.billingEmail,
    plan: {
      name: o.plan.name,
      space: 976562499,
      private_repos: 999999,
      filled_seats: o.members.length,
      seats: o.plan.seats,
    },
    default_repository_permission: s.default_repository_permission,
    default_repository_branch: 'main',
    members_can_create_repositories: s.members_can_create_repositories,
    two_factor_requirement_enabled: s.two_factor_requirement_enabled,
    members_allowed_repository_creation_type: !s.members_can_create_repositories
      ? 'none'
      : s.members_can_create_public_repositories
        ? 'all'
        : 'private',
    members_can_create_public_repositories: s.members_can_create_public_repositories,
    members_can_create_private_repositories: s.members_can_create_private_repositories,
    members_can_create_internal_repositories: o.plan.name === 'enterprise' && s.members_can_create_repositories,
    members_can_create_pages: true,
    members_can_create_public_pages: true,
    members_can_create_private_pages: true,
    members_can_fork_private_repositories: s.members_can_fork_private_repositories,
    web_commit_signoff_required: s.web_commit_signoff_required,
    deploy_keys_enabled_for_repositories: s.deploy_keys_enabled_for_repositories,
    secret_scanning_push_protection_custom_link_enabled: false,
    secret_scanning_push_protection_custom_link: null,
  };
}

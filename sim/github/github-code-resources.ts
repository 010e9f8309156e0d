import type { SimRepo, SimRuleset, SimSecretAlert } from './github-code-state.js';
import type { SimGithubOrg } from './github-state.js';

const WEB = 'https://github.com';
const legacyNodeId = (kind: string, id: number) => Buffer.from(`${kind}${id}`).toString('base64');

/** An organization as the `owner` of its repositories (`simple-user` with type Organization). */
export function orgAsOwner(api: string, o: SimGithubOrg) {
  const url = `${api}/users/${o.login}`;
  return {
    login: o.login,
    id: o.id,
    node_id: legacyNodeId('012:Organization', o.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${o.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${o.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'Organization',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `simple-repository`: the fields every repository listing shares. https://docs.github.com/rest/repos/repos */
export function simpleRepository(api: string, o: SimGithubOrg, r: SimRepo) {
  const url = `${api}/repos/${o.login}/${r.name}`;
  return {
    id: r.id,
    node_id: legacyNodeId('010:Repository', r.id),
    name: r.name,
    full_name: `${o.login}/${r.name}`,
    owner: orgAsOwner(api, o),
    private: r.visibility !== 'public',
    html_url: `${WEB}/${o.login}/${r.name}`,
    description: r.description,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    hooks_url: `${url}/hooks`,
  };
}

/**
 * `minimal-repository` as `GET /orgs/{org}/repos` lists it; `security_and_analysis` only for those GitHub shows it to
 * (repository admins, organization owners, security managers).
 */
export function minimalRepository(api: string, o: SimGithubOrg, r: SimRepo, showSecurity: boolean) {
  return {
    ...simpleRepository(api, o, r),
    git_url: `git://github.com/${o.login}/${r.name}.git`,
    ssh_url: `git@github.com:${o.login}/${r.name}.git`,
    clone_url: `${WEB}/${o.login}/${r.name}.git`,
    svn_url: `${WEB}/${o.login}/${r.name}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1024,
    default_branch: r.defaultBranch ?? 'main',
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: r.archived,
    disabled: false,
    visibility: r.visibility,
    pushed_at: r.pushedAt,
    created_at: r.createdAt,
    updated_at: r.pushedAt,
    allow_forking: false,
    web_commit_signoff_required: false,
    forks: 0,
    open_issues: 0,
    watchers: 0,
    ...(showSecurity
      ? { security_and_analysis: Object.fromEntries(Object.entries(r.security).map(([k, status]) => [k, { status }])) }
      : {}),
  };
}

/**
 * `repository-ruleset`; the list gives summaries, without `target` (the spec leaves it optional, and the list does
 * not always carry it), and `details` adds the target, conditions, rules and bypass actors.
 */
export function repositoryRuleset(api: string, o: SimGithubOrg, rs: SimRuleset, details: boolean) {
  const summary = {
    id: rs.id,
    name: rs.name,
    source_type: rs.source,
    source: rs.sourceName,
    enforcement: rs.enforcement,
    node_id: rs.nodeId,
    _links: {
      self: { href: `${api}/orgs/${o.login}/rulesets/${rs.id}` },
      html: { href: `${WEB}/organizations/${o.login}/settings/rules/${rs.id}` },
    },
    created_at: rs.createdAt,
    updated_at: rs.updatedAt,
  };
  if (!details) return summary;
  return {
    ...summary,
    target: 'branch' as const,
    current_user_can_bypass: rs.bypass.some((b) => b.actorType === 'OrganizationAdmin') ? 'always' : 'never',
    bypass_actors: rs.bypass.map((b) => ({ actor_id: b.actorId, actor_type: b.actorType, bypass_mode: b.bypassMode })),
    conditions: {
      ref_name: { include: rs.refInclude, exclude: [] },
      repository_name: { include: rs.repoInclude, exclude: rs.repoExclude, protected: false },
    },
    rules: rs.rules.map((r) =>
      r.type === 'pull_request'
        ? {
            type: 'pull_request',
            parameters: {
              required_approving_review_count: r.requiredApprovingReviewCount ?? 0,
              dismiss_stale_reviews_on_push: r.dismissStaleReviewsOnPush ?? false,
              require_code_owner_review: false,
              require_last_push_approval: r.requireLastPushApproval ?? false,
              required_review_thread_resolution: false,
              allowed_merge_methods: ['merge', 'squash', 'rebase'],
            },
          }
        : { type: r.type },
    ),
  };
}

/** `organization-secret-scanning-alert`; the secret is left out when the caller sends `hide_secret=true`. */
export function secretScanningAlert(
  api: string,
  o: SimGithubOrg,
  repo: SimRepo,
  a: SimSecretAlert,
  nowMs: number,
  hideSecret: boolean,
) {
  const created = new Date(nowMs - a.ageDays * 86_400_000 - a.ageHours * 3_600_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const url = `${api}/repos/${o.login}/${repo.name}/secret-scanning/alerts/${a.number}`;
  return {
    number: a.number,
    created_at: created,
    updated_at: created,
    url,
    html_url: `${WEB}/${o.login}/${repo.name}/security/secret-scanning/${a.number}`,
    locations_url: `${url}/locations`,
    state: a.state,
    resolution: a.state === 'resolved' ? 'revoked' : null,
    resolved_at: a.state === 'resolved' ? created : null,
    resolved_by: null,
    secret_type: a.secretType,
    secret_type_display_name: a.displayName,
    provider: a.provider,
    provider_slug: a.provider.toLowerCase().replace(/\W+/g, '-'),
    ...(hideSecret ? {} : { secret: a.secret }),
    repository: simpleRepository(api, o, repo),
    push_protection_bypassed: false,
    push_protection_bypassed_by: null,
    push_protection_bypassed_at: null,
    push_protection_bypass_request_reviewer: null,
    push_protection_bypass_request_reviewer_comment: null,
    push_protection_bypass_request_comment: null,
    push_protection_bypass_request_html_url: null,
    resolution_comment: null,
    validity: a.validity,
    publicly_leaked: a.publiclyLeaked,
    multi_repo: false,
    is_base64_encoded: false,
    has_more_locations: false,
    assigned_to: null,
  };
}

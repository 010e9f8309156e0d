import type { Route, SimRequest, SimResponse } from '../http/route.js';
import { paginate } from './github-pagination.js';
import { organizationFull, privateUser, simpleUser } from './github-resources.js';
import { findOrg, membersOf, type GithubState, type SimGithubOrg } from './github-state.js';
import { githubViewer, type GithubViewer } from './github-viewer.js';

export const GITHUB_ROUTES = {
  org: 'GET /orgs/{org}',
  members: 'GET /orgs/{org}/members',
  user: 'GET /user',
} as const;

const DOCS = {
  org: 'https://docs.github.com/rest/orgs/orgs#get-an-organization',
  members: 'https://docs.github.com/rest/orgs/members#list-organization-members',
  user: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
};

export const githubError = (
  status: number,
  message: string,
  documentationUrl: string,
  extra: Record<string, unknown> = {},
): SimResponse => ({
  status,
  json: { message, documentation_url: documentationUrl, ...extra, status: String(status) },
});

const badCredentials = () => githubError(401, 'Bad credentials', 'https://docs.github.com/rest');
const apiBase = (req: SimRequest) => `${req.url.protocol}//${req.url.host}`;

const roleIn = (viewer: GithubViewer, org: SimGithubOrg) =>
  viewer.kind === 'user' ? org.members.find((m) => m.login === viewer.user.login)?.role : undefined;

const invalidParam = (field: string) =>
  githubError(422, 'Validation Failed', DOCS.members, {
    errors: [{ resource: 'OrganizationMember', field, code: 'invalid' }],
  });

/** Routes imitating api.github.com for what assay reads. Each handler reads `state` live. */
export function githubRoutes(state: GithubState): Route[] {
  return [
    {
      id: GITHUB_ROUTES.org,
      method: 'GET',
      pattern: '/orgs/{org}',
      handle(req) {
        const viewer = githubViewer(state, req.headers);
        if (viewer.kind === 'bad-credentials') return badCredentials();
        const org = findOrg(state, req.params.org!);
        if (!org) return githubError(404, 'Not Found', DOCS.org);
        return { status: 200, json: organizationFull(apiBase(req), org, roleIn(viewer, org) === 'admin') };
      },
    },
    {
      id: GITHUB_ROUTES.members,
      method: 'GET',
      pattern: '/orgs/{org}/members',
      handle(req) {
        const viewer = githubViewer(state, req.headers);
        if (viewer.kind === 'bad-credentials') return badCredentials();
        const org = findOrg(state, req.params.org!);
        if (!org) return githubError(404, 'Not Found', DOCS.members);
        const filter = req.query.get('filter') ?? 'all';
        const role = req.query.get('role') ?? 'all';
        if (!['all', '2fa_disabled', '2fa_insecure'].includes(filter)) return invalidParam('filter');
        if (!['all', 'admin', 'member'].includes(role)) return invalidParam('role');
        const viewerRole = roleIn(viewer, org);
        if (filter !== 'all' && viewerRole !== 'admin')
          return githubError(422, 'Only owners can use this filter.', DOCS.members);
        // Non-members see publicized memberships only.
        const listed = membersOf(state, org)
          .filter((m) => viewerRole !== undefined || m.public)
          .filter((m) => role === 'all' || m.role === role)
          .filter((m) =>
            filter === '2fa_disabled'
              ? m.twoFactor === 'disabled'
              : filter === '2fa_insecure'
                ? m.twoFactor === 'insecure'
                : true,
          );
        const page = paginate(listed, req.url);
        return {
          status: 200,
          headers: page.link ? { link: page.link } : {},
          json: page.items.map((m) => simpleUser(apiBase(req), m)),
        };
      },
    },
    {
      id: GITHUB_ROUTES.user,
      method: 'GET',
      pattern: '/user',
      handle(req) {
        const viewer = githubViewer(state, req.headers);
        if (viewer.kind === 'bad-credentials') return badCredentials();
        if (viewer.kind === 'anonymous') return githubError(401, 'Requires authentication', DOCS.user);
        return { status: 200, json: privateUser(apiBase(req), viewer.user) };
      },
    },
  ];
}

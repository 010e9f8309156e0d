import type { Route, SimRequest, SimResponse } from '../http/route.js';
import { paginate } from './github-pagination.js';
import { paginateByCursor } from './github-cursor-pagination.js';
import { minimalRepository, repositoryRuleset, secretScanningAlert } from './github-code-resources.js';
import type { SimOrgCode } from './github-code-state.js';
import { simpleUser } from './github-resources.js';
import { githubError } from './github-routes.js';
import { findOrg, type GithubState, type SimGithubOrg } from './github-state.js';
import { githubViewer } from './github-viewer.js';
import { secretTypeListed } from './github-secret-types.js';

export const GITHUB_CODE_ROUTES = {
  outsideCollaborators: 'GET /orgs/{org}/outside_collaborators',
  repos: 'GET /orgs/{org}/repos',
  rulesets: 'GET /orgs/{org}/rulesets',
  ruleset: 'GET /orgs/{org}/rulesets/{ruleset_id}',
  secretAlerts: 'GET /orgs/{org}/secret-scanning/alerts',
} as const;

const DOCS = {
  outsideCollaborators:
    'https://docs.github.com/rest/orgs/outside-collaborators#list-outside-collaborators-for-an-organization',
  repos: 'https://docs.github.com/rest/repos/repos#list-organization-repositories',
  rulesets: 'https://docs.github.com/rest/orgs/rules#get-all-organization-repository-rulesets',
  ruleset: 'https://docs.github.com/rest/orgs/rules#get-an-organization-repository-ruleset',
  secretAlerts:
    'https://docs.github.com/rest/secret-scanning/secret-scanning#list-secret-scanning-alerts-for-an-organization',
};

const apiBase = (req: SimRequest) => `${req.url.protocol}//${req.url.host}`;
const EMPTY: SimOrgCode = { repos: [], rulesets: [], alerts: [] };

type Context = { org: SimGithubOrg; code: SimOrgCode; role: 'admin' | 'member' | undefined };

/** Resolves the organization and the caller's role in it, or the error GitHub would answer. */
function context(state: GithubState, req: SimRequest, docs: string): Context | SimResponse {
  const viewer = githubViewer(state, req.headers);
  if (viewer.kind === 'bad-credentials') return githubError(401, 'Bad credentials', 'https://docs.github.com/rest');
  const org = findOrg(state, req.params.org!);
  if (!org) return githubError(404, 'Not Found', docs);
  const role = viewer.kind === 'user' ? org.members.find((m) => m.login === viewer.user.login)?.role : undefined;
  return { org, code: state.code[org.login] ?? EMPTY, role };
}

const isResponse = (x: Context | SimResponse): x is SimResponse => 'status' in x;
const page = <T>(items: readonly T[], req: SimRequest, map: (t: T) => unknown): SimResponse => {
  const p = paginate(items, req.url);
  return { status: 200, headers: p.link ? { link: p.link } : {}, json: p.items.map(map) };
};

/** REST routes for repositories, rulesets, outside collaborators and secret-scanning alerts; each reads `state` live. */
export function githubCodeRoutes(state: GithubState, nowMs: () => number = Date.now): Route[] {
  return [
    {
      id: GITHUB_CODE_ROUTES.outsideCollaborators,
      method: 'GET',
      pattern: '/orgs/{org}/outside_collaborators',
      handle(req) {
        const c = context(state, req, DOCS.outsideCollaborators);
        if (isResponse(c)) return c;
        if (c.role === undefined) return githubError(403, 'Must be an organization member.', DOCS.outsideCollaborators);
        const filter = req.query.get('filter') ?? 'all';
        if (!['all', '2fa_disabled', '2fa_insecure'].includes(filter))
          return githubError(422, 'Validation Failed', DOCS.outsideCollaborators, {
            errors: [{ resource: 'OutsideCollaborator', field: 'filter', code: 'invalid' }],
          });
        // As for members: the 2FA filters are for owners only.
        if (filter !== 'all' && c.role !== 'admin')
          return githubError(422, 'Only owners can use this filter.', DOCS.outsideCollaborators);
        const members = new Set(c.org.members.map((m) => m.login));
        const logins = new Set(
          c.code.repos.flatMap((r) => r.collaborators.map((x) => x.login)).filter((l) => !members.has(l)),
        );
        const wanted = filter === '2fa_disabled' ? 'disabled' : filter === '2fa_insecure' ? 'insecure' : undefined;
        const users = state.users
          .filter((u) => logins.has(u.login) && (wanted === undefined || u.twoFactor === wanted))
          .sort((a, b) => a.id - b.id);
        return page(users, req, (u) => simpleUser(apiBase(req), u));
      },
    },
    {
      id: GITHUB_CODE_ROUTES.repos,
      method: 'GET',
      pattern: '/orgs/{org}/repos',
      handle(req) {
        const c = context(state, req, DOCS.repos);
        if (isResponse(c)) return c;
        const visible = c.role === undefined ? c.code.repos.filter((r) => r.visibility === 'public') : c.code.repos;
        return page(visible, req, (r) => minimalRepository(apiBase(req), c.org, r, c.role === 'admin'));
      },
    },
    {
      id: GITHUB_CODE_ROUTES.rulesets,
      method: 'GET',
      pattern: '/orgs/{org}/rulesets',
      handle(req) {
        const c = context(state, req, DOCS.rulesets);
        if (isResponse(c)) return c;
        if (c.role !== 'admin') return githubError(404, 'Not Found', DOCS.rulesets);
        return page(c.code.rulesets, req, (rs) => repositoryRuleset(apiBase(req), c.org, rs, false));
      },
    },
    {
      id: GITHUB_CODE_ROUTES.ruleset,
      method: 'GET',
      pattern: '/orgs/{org}/rulesets/{ruleset_id}',
      handle(req) {
        const c = context(state, req, DOCS.ruleset);
        if (isResponse(c)) return c;
        const rs = c.code.rulesets.find((r) => String(r.id) === req.params.ruleset_id);
        if (c.role !== 'admin' || !rs) return githubError(404, 'Not Found', DOCS.ruleset);
        return { status: 200, json: repositoryRuleset(apiBase(req), c.org, rs, true) };
      },
    },
    {
      id: GITHUB_CODE_ROUTES.secretAlerts,
      method: 'GET',
      pattern: '/orgs/{org}/secret-scanning/alerts',
      handle(req) {
        const c = context(state, req, DOCS.secretAlerts);
        if (isResponse(c)) return c;
        if (c.role !== 'admin') return githubError(404, 'Not Found', DOCS.secretAlerts);
        const wanted = req.query.get('state');
        const repos = new Map(c.code.repos.map((r) => [r.name, r]));
        const types = req.query.get('secret_type');
        const alerts = c.code.alerts
          .filter((a) => !wanted || wanted.split(',').includes(a.state))
          .filter((a) => secretTypeListed(a.secretType, types))
          .sort((a, b) => a.ageDays - b.ageDays || b.number - a.number); // newest first, as GitHub sorts by created
        const p = paginateByCursor(alerts, req.url);
        if (!p) return githubError(422, 'Invalid cursor', DOCS.secretAlerts);
        const hide = req.query.get('hide_secret') === 'true';
        return {
          status: 200,
          headers: p.link ? { link: p.link } : {},
          json: p.items.map((a) => secretScanningAlert(apiBase(req), c.org, repos.get(a.repo)!, a, nowMs(), hide)),
        };
      },
    },
  ];
}

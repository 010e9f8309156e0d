import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppAuth } from '@octokit/auth-app';
import { generateGithub } from '../../sim/github/generate-github.js';
import { GITHUB_CODE_ROUTES } from '../../sim/github/github-code-routes.js';
import { GITHUB_APP_ROUTES } from '../../sim/github/github-app.js';
import { GITHUB_GRAPHQL_ROUTE } from '../../sim/github/github-graphql-route.js';
import { startGithubSim, type GithubSim } from '../../sim/github/github-sim.js';
import type { GithubState } from '../../sim/github/github-state.js';
import { Random } from '../../sim/random.js';
import { GITHUB_QUERIES } from '../../collectors/github/github-queries.js';
import { loadGithubSpec } from '../support/github-spec.js';

/** Every answer of the repository, ruleset, alert and App routes conforms to GitHub's OpenAPI description. */
const { validateGithubResponse, validateGithubSchema } = loadGithubSpec();

interface Exchange {
  route: string;
  status: number;
  body: unknown;
  headers: Headers;
}

describe('simulated GitHub repositories, rulesets, alerts, App and GraphQL', () => {
  let state: GithubState;
  let sim: GithubSim;
  let org: string;
  const seen = new Set<string>();

  const call = async (
    route: string,
    path: string,
    init: { token?: string; authorization?: string; method?: string; body?: unknown } = {},
  ): Promise<Exchange> => {
    const authorization = init.authorization ?? (init.token ? `Bearer ${init.token}` : undefined);
    const res = await fetch(`${sim.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/vnd.github+json',
        ...(authorization ? { authorization } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    seen.add(route);
    return { route, status: res.status, body: await res.json(), headers: res.headers };
  };
  const conforms = (x: Exchange) => {
    const [method, path] = x.route.split(' ') as [string, string];
    expect(validateGithubResponse(method, path, x.status, x.body), `${x.route} ${x.status}`).toEqual([]);
  };
  const graphql = (query: string, variables: Record<string, unknown> = {}, token = sim.token) =>
    call(GITHUB_GRAPHQL_ROUTE, '/graphql', { method: 'POST', token, body: { query, variables } }) as Promise<
      Exchange & { body: { data?: any; errors?: any[] } }
    >;

  beforeAll(async () => {
    state = generateGithub(new Random(42), { orgs: 2, membersPerOrg: 20, reposPerOrg: 30 });
    sim = await startGithubSim(state);
    org = state.orgs[0]!.login;
  });
  afterAll(() => sim.server.close());

  it('GET /orgs/{org}/repos: security_and_analysis for owners only, paged by Link', async () => {
    const owner = await call(GITHUB_CODE_ROUTES.repos, `/orgs/${org}/repos?per_page=100&type=all`, {
      token: sim.ownerToken(org),
    });
    conforms(owner);
    const repos = owner.body as Array<Record<string, unknown>>;
    expect(repos).toHaveLength(30);
    expect(repos.every((r) => 'security_and_analysis' in r)).toBe(true);
    const member = await call(GITHUB_CODE_ROUTES.repos, `/orgs/${org}/repos?per_page=10&page=2`, {
      token: sim.memberToken(org),
    });
    conforms(member);
    expect((member.body as unknown[]).every((r) => !('security_and_analysis' in (r as object)))).toBe(true);
    expect(member.headers.get('link')).toMatch(/rel="next"/);
  });

  it('GET /orgs/{org}/outside_collaborators?filter=2fa_disabled: for owners only, 422 for anyone else', async () => {
    const path = `/orgs/${org}/outside_collaborators?per_page=100&filter=2fa_disabled`;
    const owner = await call(GITHUB_CODE_ROUTES.outsideCollaborators, path, { token: sim.ownerToken(org) });
    conforms(owner);
    const all = await call(GITHUB_CODE_ROUTES.outsideCollaborators, `/orgs/${org}/outside_collaborators?per_page=100`, {
      token: sim.token,
    });
    const without = new Set(state.users.filter((u) => u.twoFactor === 'disabled').map((u) => u.login));
    const logins = (x: Exchange) => (x.body as Array<{ login: string }>).map((u) => u.login);
    expect(logins(owner)).toEqual(logins(all).filter((l) => without.has(l)));
    expect(logins(owner).length).toBeGreaterThan(0);
    const member = await call(GITHUB_CODE_ROUTES.outsideCollaborators, path, { token: sim.memberToken(org) });
    expect(member.status).toBe(422);
    expect(member.body).toMatchObject({ message: 'Only owners can use this filter.' });
    expect(validateGithubSchema('basic-error', member.body)).toEqual([]);
  });

  it('GET /orgs/{org}/outside_collaborators lists accounts that are not members', async () => {
    const x = await call(GITHUB_CODE_ROUTES.outsideCollaborators, `/orgs/${org}/outside_collaborators?per_page=100`, {
      token: sim.token,
    });
    conforms(x);
    const members = new Set(state.orgs[0]!.members.map((m) => m.login));
    const logins = (x.body as Array<{ login: string }>).map((u) => u.login);
    expect(logins.length).toBeGreaterThanOrEqual(3);
    expect(logins.some((l) => members.has(l))).toBe(false);
  });

  it('GET /orgs/{org}/rulesets and /rulesets/{id}: summaries, then details with conditions, rules and bypass actors', async () => {
    const list = await call(GITHUB_CODE_ROUTES.rulesets, `/orgs/${org}/rulesets?per_page=100`, { token: sim.token });
    conforms(list);
    const [first] = list.body as Array<{ id: number }>;
    expect(first).not.toHaveProperty('rules');
    expect(first).not.toHaveProperty('target');
    const detail = await call(GITHUB_CODE_ROUTES.ruleset, `/orgs/${org}/rulesets/${first!.id}`, { token: sim.token });
    conforms(detail);
    expect(detail.body).toMatchObject({
      enforcement: 'active',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'] } },
      bypass_actors: [{ actor_type: 'OrganizationAdmin' }],
    });
    const missing = await call(GITHUB_CODE_ROUTES.ruleset, `/orgs/${org}/rulesets/1`, { token: sim.token });
    expect(missing.status).toBe(404);
    conforms(missing);
  });

  it('GET /orgs/{org}/secret-scanning/alerts: the secret only without hide_secret, cursor paging through Link', async () => {
    const secrets = state.code[org]!.alerts.map((a) => a.secret);
    const shown = await call(GITHUB_CODE_ROUTES.secretAlerts, `/orgs/${org}/secret-scanning/alerts?state=open`, {
      token: sim.token,
    });
    conforms(shown);
    expect((shown.body as Array<{ secret?: string }>).every((a) => secrets.includes(a.secret!))).toBe(true);

    const walked: number[] = [];
    let path: string | undefined = `/orgs/${org}/secret-scanning/alerts?hide_secret=true&per_page=1&after=`;
    while (path) {
      const x = await call(GITHUB_CODE_ROUTES.secretAlerts, path, { token: sim.token });
      conforms(x);
      expect(JSON.stringify(x.body)).not.toMatch(/SIMFAKE-/);
      walked.push(...(x.body as Array<{ number: number }>).map((a) => a.number));
      const next = /<([^>]+)>; rel="next"/.exec(x.headers.get('link') ?? '')?.[1];
      if (next) expect(new URL(next).searchParams.get('after')).toMatch(/^[A-Za-z0-9_-]+$/);
      path = next ? next.slice(sim.baseUrl.length) : undefined;
    }
    const generic = ['rsa_private_key', 'postgres_connection_string', 'password'];
    const numbers = (keep: (t: string) => boolean) =>
      state.code[org]!.alerts.filter((a) => keep(a.secretType)).map((a) => a.number);
    // Without secret_type GitHub lists provider patterns only; generic ones come back only when named.
    expect(walked.sort((a, b) => a - b)).toEqual(numbers((t) => !generic.includes(t)));
    expect(walked.length).toBeGreaterThan(2);
    const named = await call(
      GITHUB_CODE_ROUTES.secretAlerts,
      `/orgs/${org}/secret-scanning/alerts?hide_secret=true&per_page=100&secret_type=${generic.join(',')},openai_api_key`,
      { token: sim.token },
    );
    conforms(named);
    expect((named.body as Array<{ number: number }>).map((a) => a.number).sort((a, b) => a - b)).toEqual(
      numbers((t) => [...generic, 'openai_api_key'].includes(t)),
    );
    expect(numbers((t) => generic.includes(t))).toHaveLength(3);

    const member = await call(GITHUB_CODE_ROUTES.secretAlerts, `/orgs/${org}/secret-scanning/alerts`, {
      token: sim.memberToken(org),
    });
    expect(member.status).toBe(404);
    conforms(member);
  });

  it('GitHub App: the installation found with the app JWT, its token exchanged, a forged JWT refused', async () => {
    const creds = sim.app.credentials();
    const auth = createAppAuth({ appId: creds.appId, privateKey: creds.privateKey });
    const { token: jwt } = await auth({ type: 'app' });
    const inst = await call(GITHUB_APP_ROUTES.installation, `/orgs/${org}/installation`, {
      authorization: `bearer ${jwt}`,
    });
    conforms(inst);
    expect(inst.body).toMatchObject({ id: creds.installationIds[org], app_id: creds.appId });
    const tok = await call(
      GITHUB_APP_ROUTES.accessToken,
      `/app/installations/${creds.installationIds[org]}/access_tokens`,
      { method: 'POST', authorization: `bearer ${jwt}` },
    );
    expect(tok.status).toBe(201);
    conforms(tok);
    const token = (tok.body as { token: string }).token;
    expect(token).toMatch(/^sim-installation-token-[0-9a-f]{24}$/);
    expect((await call(GITHUB_CODE_ROUTES.repos, `/orgs/${org}/repos`, { token })).status).toBe(200);

    const forged = `${jwt.slice(0, jwt.lastIndexOf('.'))}.${Buffer.from('forged').toString('base64url')}`;
    const refused = await call(GITHUB_APP_ROUTES.installation, `/orgs/${org}/installation`, {
      authorization: `bearer ${forged}`,
    });
    expect(refused.status).toBe(401);
    expect(validateGithubSchema('basic-error', refused.body)).toEqual([]);
  });

  it('GitHub App on selected repositories: the installation and its token say repository_selection: selected', async () => {
    const creds = sim.app.credentials();
    const { token: jwt } = await createAppAuth({ appId: creds.appId, privateKey: creds.privateKey })({ type: 'app' });
    sim.app.selectedOnly.add(org.toLowerCase());
    try {
      const inst = await call(GITHUB_APP_ROUTES.installation, `/orgs/${org}/installation`, {
        authorization: `bearer ${jwt}`,
      });
      conforms(inst);
      expect(inst.body).toMatchObject({ repository_selection: 'selected' });
      const tok = await call(
        GITHUB_APP_ROUTES.accessToken,
        `/app/installations/${creds.installationIds[org]}/access_tokens`,
        { method: 'POST', authorization: `bearer ${jwt}` },
      );
      conforms(tok);
      expect(tok.body).toMatchObject({ repository_selection: 'selected' });
    } finally {
      sim.app.selectedOnly.clear();
    }
    const all = await call(GITHUB_APP_ROUTES.installation, `/orgs/${org}/installation`, {
      authorization: `bearer ${jwt}`,
    });
    expect(all.body).toMatchObject({ repository_selection: 'all' });
  });

  it("POST /graphql runs the collector's queries against GitHub's schema, pages by cursor and hides collaborators from non-owners", async () => {
    const first = await graphql(GITHUB_QUERIES.REPOSITORIES_QUERY, { org, after: null });
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    const repos = first.body.data.organization.repositories;
    expect(repos.totalCount).toBe(30);
    expect(repos.nodes).toHaveLength(30);
    expect(repos.nodes.map((n: { name: string }) => n.name)).toEqual(
      state.code[org]!.repos.map((r) => r.name).sort((a, b) => a.localeCompare(b)),
    );
    const ids = repos.nodes.flatMap((n: any) =>
      (n.defaultBranchRef?.rules.nodes ?? []).map((r: any) => r.repositoryRuleset.id),
    );
    expect(ids.length).toBeGreaterThan(0);

    const nodes = await graphql(GITHUB_QUERIES.RULESETS_QUERY, { ids: [...new Set(ids)] });
    expect(nodes.body.errors).toBeUndefined();
    expect(
      nodes.body.data.nodes.every((n: any) => n.__typename === undefined && typeof n.databaseId === 'number'),
    ).toBe(true);

    const member = await graphql(GITHUB_QUERIES.REPOSITORIES_QUERY, { org, after: null }, sim.memberToken(org));
    expect(member.body.errors?.[0]).toMatchObject({
      type: 'FORBIDDEN',
      path: ['organization', 'repositories', 'nodes', 0, 'collaborators'],
    });
    expect(member.body.data.organization.repositories.nodes[0].collaborators).toBeNull();
    // A member with write access: classic protection is null, its summary (refUpdateRule) is shown.
    const repoNodes = (x: { body: { data?: any } }) => x.body.data.organization.repositories.nodes as any[];
    const guarded = repoNodes(first).filter((n) => n.defaultBranchRef?.branchProtectionRule);
    expect(guarded.length).toBeGreaterThan(0);
    expect(repoNodes(first).every((n) => n.viewerPermission === 'ADMIN')).toBe(true);
    for (const n of repoNodes(member).filter((x) => guarded.some((g) => g.name === x.name))) {
      expect(n.viewerPermission).toBe('WRITE');
      expect(n.defaultBranchRef.branchProtectionRule).toBeNull();
      expect(n.defaultBranchRef.refUpdateRule).toMatchObject({ pattern: n.defaultBranchRef.name });
    }
    const allowances = guarded.flatMap(
      (n) => n.defaultBranchRef.branchProtectionRule.bypassPullRequestAllowances.nodes,
    );
    expect(allowances).toContainEqual({ actor: { __typename: 'Team', slug: 'release-managers' } });

    const paged = await graphql(
      'query($org: String!, $after: String) { organization(login: $org) { repositories(first: 7, after: $after) { pageInfo { hasNextPage endCursor } nodes { name } } } }',
      { org, after: null },
    );
    const next = await graphql(
      'query($org: String!, $after: String) { organization(login: $org) { repositories(first: 7, after: $after) { nodes { name } } } }',
      { org, after: paged.body.data.organization.repositories.pageInfo.endCursor },
    );
    expect(next.body.data.organization.repositories.nodes[0].name).toBe(repos.nodes[7].name);
  });

  it('POST /graphql refuses what GitHub refuses: a connection without first/last, more than 100, an unknown field, no token', async () => {
    const unbounded = await graphql(
      'query($org: String!) { organization(login: $org) { repositories { totalCount } } }',
      { org },
    );
    expect(unbounded.body).toEqual({ errors: [expect.objectContaining({ type: 'MISSING_PAGINATION_BOUNDARIES' })] });
    const excessive = await graphql(
      'query($org: String!, $n: Int) { organization(login: $org) { repositories(first: $n) { totalCount } } }',
      { org, n: 101 },
    );
    expect(excessive.body.errors?.[0]).toMatchObject({
      type: 'EXCESSIVE_PAGINATION',
      message: 'Requesting 101 records on the `repositories` connection exceeds the `first` limit of 100 records.',
    });
    const unknown = await graphql('{ viewer { notAField } }');
    expect(unknown.body.errors?.[0].message).toMatch(/Cannot query field "notAField"/);
    const anonymous = await call(GITHUB_GRAPHQL_ROUTE, '/graphql', {
      method: 'POST',
      body: { query: '{ viewer { login } }' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('exercised every repository, App and GraphQL route', () => {
    const mine = [...Object.values(GITHUB_CODE_ROUTES), ...Object.values(GITHUB_APP_ROUTES), GITHUB_GRAPHQL_ROUTE];
    expect([...seen].sort()).toEqual([...mine].sort());
    for (const id of mine) expect(sim.server.routeIds()).toContain(id);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGithub } from '../../sim/github/generate-github.js';
import { GITHUB_ROUTES } from '../../sim/github/github-routes.js';
import { startGithubSim, type GithubSim } from '../../sim/github/github-sim.js';
import type { GithubState } from '../../sim/github/github-state.js';
import { Random } from '../../sim/random.js';
import { loadGithubSpec } from '../support/github-spec.js';

/** Every answer the simulated GitHub gives must conform to GitHub's own OpenAPI description. */
const { validateGithubResponse, validateGithubSchema } = loadGithubSpec();

interface Exchange {
  route: string;
  status: number;
  body: unknown;
  headers: Headers;
}

describe('simulated GitHub against the OpenAPI description of api.github.com', () => {
  let state: GithubState;
  let sim: GithubSim;
  let org: string;
  const seen: Exchange[] = [];

  const call = async (route: string, path: string, token?: string): Promise<Exchange> => {
    const res = await fetch(`${sim.baseUrl}${path}`, {
      headers: { accept: 'application/vnd.github+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const exchange = { route, status: res.status, body: await res.json(), headers: res.headers };
    seen.push(exchange);
    return exchange;
  };
  const conforms = (x: Exchange) => {
    const [method, path] = x.route.split(' ') as [string, string];
    expect(validateGithubResponse(method, path, x.status, x.body), `${x.route} ${x.status}`).toEqual([]);
  };

  beforeAll(async () => {
    state = generateGithub(new Random(42), { orgs: 2, membersPerOrg: 25 });
    sim = await startGithubSim(state);
    org = state.orgs[0]!.login;
  });
  afterAll(() => sim.server.close());

  it('GET /orgs/{org}: the owner view has the owner-only settings, the member view does not', async () => {
    const owner = await call(GITHUB_ROUTES.org, `/orgs/${org}`, sim.ownerToken(org));
    expect(owner.status).toBe(200);
    conforms(owner);
    expect(owner.body).toMatchObject({
      login: org,
      two_factor_requirement_enabled: false,
      plan: { name: expect.any(String) },
    });
    expect(owner.body).toHaveProperty('default_repository_permission');
    expect(owner.body).toHaveProperty('members_can_create_repositories');

    for (const token of [sim.memberToken(org), undefined]) {
      const other = await call(GITHUB_ROUTES.org, `/orgs/${org}`, token);
      expect(other.status).toBe(200);
      conforms(other);
      for (const k of [
        'two_factor_requirement_enabled',
        'plan',
        'default_repository_permission',
        'members_can_create_repositories',
        'billing_email',
      ]) {
        expect(other.body).not.toHaveProperty(k);
      }
    }
    const second = state.orgs[1]!.login;
    const byAdmin = await call(GITHUB_ROUTES.org, `/orgs/${second}`, sim.token);
    conforms(byAdmin);
    expect(byAdmin.body).toMatchObject({ two_factor_requirement_enabled: true });
  });

  it('GET /orgs/{org}: 404 for an unknown organization', async () => {
    const x = await call(GITHUB_ROUTES.org, '/orgs/no-such-org', sim.token);
    expect(x.status).toBe(404);
    conforms(x);
  });

  it('GET /orgs/{org}/members: all, each filter and role, and a middle page with its Link header', async () => {
    const owner = sim.ownerToken(org);
    for (const q of [
      '',
      '?filter=2fa_disabled',
      '?filter=2fa_insecure&role=all',
      '?role=admin',
      '?role=member&filter=all',
      '?per_page=100',
    ]) {
      const x = await call(GITHUB_ROUTES.members, `/orgs/${org}/members${q}`, owner);
      expect(x.status, q).toBe(200);
      conforms(x);
    }
    const page = await call(GITHUB_ROUTES.members, `/orgs/${org}/members?per_page=10&page=2`, owner);
    conforms(page);
    expect(page.body).toHaveLength(10);
    const link = (rel: string) =>
      new RegExp(`<${sim.baseUrl}/orgs/${org}/members\\?per_page=10&page=(\\d+)>; rel="${rel}"`).exec(
        page.headers.get('link') ?? '',
      )?.[1];
    expect([link('prev'), link('next'), link('last'), link('first')]).toEqual(['1', '3', '3', '1']);
    expect(page.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(page.headers.get('x-github-request-id')).toMatch(/^[0-9A-F:]+$/);

    const single = await call(GITHUB_ROUTES.members, `/orgs/${org}/members?per_page=100`, owner);
    expect(single.headers.get('link')).toBeNull();
  });

  it('GET /orgs/{org}/members: 422 for a 2FA filter from a non-owner', async () => {
    const x = await call(GITHUB_ROUTES.members, `/orgs/${org}/members?filter=2fa_disabled`, sim.memberToken(org));
    expect(x.status).toBe(422);
    expect(x.body).toMatchObject({ message: 'Only owners can use this filter.' });
    conforms(x);
    const invalid = await call(GITHUB_ROUTES.members, `/orgs/${org}/members?role=owner`, sim.ownerToken(org));
    expect(invalid.status).toBe(422);
    conforms(invalid);
  });

  it('401 for an unknown token', async () => {
    const x = await call(GITHUB_ROUTES.members, `/orgs/${org}/members`, 'sim-owner-token-not-issued');
    expect(x.status).toBe(401);
    expect(x.body).toMatchObject({ message: 'Bad credentials' });
    // The spec lists no 401 for this operation; GitHub answers it with its basic error.
    expect(validateGithubResponse('GET', '/orgs/{org}/members', 401, x.body)).toEqual([
      'the spec defines no 401 response for GET /orgs/{org}/members',
    ]);
    expect(validateGithubSchema('basic-error', x.body)).toEqual([]);
    const user = await call(GITHUB_ROUTES.user, '/user', 'sim-owner-token-not-issued');
    expect(user.status).toBe(401);
    conforms(user);
  });

  it('GET /user: the token owner as a private user, 401 without a token', async () => {
    const me = await call(GITHUB_ROUTES.user, '/user', sim.ownerToken(org));
    expect(me.status).toBe(200);
    conforms(me);
    expect(me.body).toMatchObject({ user_view_type: 'private', two_factor_authentication: true });
    const anonymous = await call(GITHUB_ROUTES.user, '/user');
    expect(anonymous.status).toBe(401);
    conforms(anonymous);
  });

  // Repository, GraphQL and App routes have their own contract test (test/sim/github-code-contract.test.ts).
  it('exercised every foundation route of the simulator', () => {
    const foundation = Object.values(GITHUB_ROUTES) as string[];
    expect(foundation.every((id) => sim.server.routeIds().includes(id))).toBe(true);
    expect(new Set(seen.map((x) => x.route))).toEqual(new Set(foundation));
    expect(Object.keys(sim.server.counts()).sort()).toEqual([...foundation].sort());
  });

  it('the validation catches a body that does not conform', async () => {
    const members = await call(GITHUB_ROUTES.members, `/orgs/${org}/members`, sim.ownerToken(org));
    const [first, ...rest] = members.body as Array<Record<string, unknown>>;
    const { avatar_url: _dropped, ...withoutAvatar } = first!;
    expect(validateGithubResponse('GET', '/orgs/{org}/members', 200, [withoutAvatar, ...rest]).join('\n')).toMatch(
      /avatar_url/,
    );
    expect(
      validateGithubResponse('GET', '/orgs/{org}/members', 200, [{ ...first, id: String(first!.id) }]).join('\n'),
    ).toMatch(/\/0\/id must be integer/);

    const orgBody = (await call(GITHUB_ROUTES.org, `/orgs/${org}`, sim.ownerToken(org))).body as Record<
      string,
      unknown
    >;
    expect(
      validateGithubResponse('GET', '/orgs/{org}', 200, { ...orgBody, two_factor_requirement_enabled: 'yes' }),
    ).not.toEqual([]);
    expect(validateGithubResponse('GET', '/orgs/{org}', 200, { ...orgBody, description: null })).toEqual([]);
    expect(validateGithubResponse('GET', '/orgs/{org}/members', 422, { message: 'x' }).join('\n')).toMatch(
      /documentation_url/,
    );
    expect(validateGithubResponse('GET', '/no/such/path', 200, {})).toEqual([
      'the spec has no operation GET /no/such/path',
    ]);
  });
});

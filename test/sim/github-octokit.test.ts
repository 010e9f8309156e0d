import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GITHUB_ROUTES } from '../../sim/github/github-routes.js';
import { membersOf } from '../../sim/github/github-state.js';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The real @octokit/rest client, pointed at the simulator by its base URL only. */
describe('@octokit/rest against the simulated GitHub', () => {
  let sim: SimulatedOrganization;
  const octokit = (token: string) => new Octokit({ auth: token, baseUrl: sim.github.baseUrl, log: quiet });

  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 42 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.github.server.resetCounts();
    sim.github.server.faults.clear();
  });

  it('paginate(listMembers, filter=2fa_disabled) returns exactly the planted members, in every org', async () => {
    const planted = sim.truth['github-members-2fa-enabled']!;
    expect(planted.length).toBeGreaterThan(0);
    for (const { login, ownerToken } of sim.github.orgs) {
      const gh = octokit(ownerToken);
      const without = await gh.paginate(gh.rest.orgs.listMembers, {
        org: login,
        filter: '2fa_disabled',
        per_page: 100,
      });
      expect(without.map((u) => u.login).sort()).toEqual(
        planted
          .filter((p) => p.scopeId === login)
          .map((p) => p.resourceId)
          .sort(),
      );
    }
  });

  it('one owner token reads every org, as the demo config does', async () => {
    const gh = octokit(sim.github.token);
    for (const { login } of sim.github.orgs) {
      const { data } = await gh.rest.orgs.get({ org: login });
      const violating = sim.truth['github-org-2fa-required']!.some((p) => p.scopeId === login);
      expect(data.two_factor_requirement_enabled).toBe(!violating);
    }
  });

  it('per_page 10 walks several pages through the Link header', async () => {
    const { login, ownerToken } = sim.github.orgs[0]!;
    const gh = octokit(ownerToken);
    const all = await gh.paginate(gh.rest.orgs.listMembers, { org: login, per_page: 10 });
    const expected = membersOf(sim.github.state, sim.github.state.orgs[0]!).map((m) => m.login);
    expect(all.map((u) => u.login)).toEqual(expected);
    expect(sim.github.server.counts()[GITHUB_ROUTES.members]).toBe(Math.ceil(expected.length / 10));
    expect(sim.github.server.counts()[GITHUB_ROUTES.members]).toBeGreaterThan(1);

    const owners = await gh.paginate(gh.rest.orgs.listMembers, { org: login, role: 'admin', per_page: 2 });
    expect(owners.map((u) => u.login).sort()).toEqual(
      membersOf(sim.github.state, sim.github.state.orgs[0]!)
        .filter((m) => m.role === 'admin')
        .map((m) => m.login)
        .sort(),
    );
  });

  it('a non-owner gets RequestError 422 for the 2FA filter and no 2FA setting', async () => {
    const { login, memberToken } = sim.github.orgs[0]!;
    const gh = octokit(memberToken);
    await expect(gh.paginate(gh.rest.orgs.listMembers, { org: login, filter: '2fa_disabled' })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Only owners can use this filter.'),
    });
    const { data } = await gh.rest.orgs.get({ org: login });
    expect(data.two_factor_requirement_enabled).toBeUndefined();
  });

  it('a bad token gets RequestError 401', async () => {
    const gh = octokit('sim-owner-token-revoked');
    await expect(gh.rest.orgs.get({ org: sim.github.orgs[0]!.login })).rejects.toMatchObject({ status: 401 });
  });

  it('plugin-throttling waits out the rate-limit fault and plugin-retry retries a 502', async () => {
    const Client = Octokit.plugin(throttling, retry);
    const { login, ownerToken } = sim.github.orgs[0]!;
    const waits: number[] = [];
    const gh = new Client({
      auth: ownerToken,
      baseUrl: sim.github.baseUrl,
      log: quiet,
      retry: { retryAfterBaseValue: 1 },
      throttle: {
        retryAfterBaseValue: 1,
        onRateLimit: () => false,
        onSecondaryRateLimit: (after: number) => (waits.push(after), waits.length < 3),
      },
    });
    sim.github.server.faults.inject(GITHUB_ROUTES.org, { kind: 'rate-limit', retryAfterSeconds: 2 }, { times: 1 });
    sim.github.server.faults.inject(GITHUB_ROUTES.members, { kind: 'status', status: 502 }, { times: 2 });
    expect((await gh.rest.orgs.get({ org: login })).data.login).toBe(login);
    expect(waits).toEqual([2]);
    const members = await gh.paginate(gh.rest.orgs.listMembers, { org: login, per_page: 100 });
    expect(members.length).toBe(sim.github.state.orgs[0]!.members.length);
    expect(sim.github.server.counts()).toEqual({ [GITHUB_ROUTES.org]: 2, [GITHUB_ROUTES.members]: 3 });
  });

  it('a malformed body reaches the caller as a string, not as an error: collectors must validate what they get', async () => {
    const { login, ownerToken } = sim.github.orgs[0]!;
    sim.github.server.faults.inject(GITHUB_ROUTES.org, { kind: 'malformed' }, { times: 1 });
    const { status, data } = await octokit(ownerToken).rest.orgs.get({ org: login });
    expect(status).toBe(200);
    expect(typeof data).toBe('string');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { githubCollector } from '../../collectors/github/github-collector.js';
import { parseConfig } from '../../src/config/load-config.js';
import { runCollectors } from '../../src/engine/run-collectors.js';
import { requestCount } from '../../src/model/snapshot.js';
import { generateGithub } from '../../sim/github/generate-github.js';
import { activeBranchRules } from '../../sim/github/github-branch-rules.js';
import { startGithubSim, type GithubSim } from '../../sim/github/github-sim.js';
import { membersOf, type GithubState } from '../../sim/github/github-state.js';
import { Random } from '../../sim/random.js';

const REPOS = 3000;
const MEMBERS = 2000;
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

/** The generic secret types the simulator plants; GitHub lists them only when named, so they take their own pages. */
const GENERIC = ['rsa_private_key', 'postgres_connection_string', 'password'];

/**
 * The fewest requests any collector could make for one organization with these lists at 100 per page (each list
 * takes at least one request; organization rulesets, whose summaries do not say what they target, need one detail
 * request each; repository rulesets batch 100 a query; secret alerts take one listing for provider patterns and one
 * naming the generic types).
 */
function pagingMinimum(state: GithubState, org: string): { total: number; parts: Record<string, number> } {
  const o = state.orgs.find((x) => x.login === org)!;
  const code = state.code[org]!;
  const members = membersOf(state, o);
  const memberLogins = new Set(members.map((m) => m.login));
  const outside = new Set(
    code.repos.flatMap((r) => r.collaborators.map((c) => c.login)).filter((l) => !memberLogins.has(l)),
  );
  const repoRulesets = new Set(
    code.repos.flatMap((r) =>
      activeBranchRules(code, r)
        .filter((x) => x.ruleset.source === 'Repository')
        .map((x) => x.ruleset.id),
    ),
  );
  const open = code.alerts.filter((a) => a.state === 'open');
  const generic = open.filter((a) => GENERIC.includes(a.secretType));
  const parts = {
    org: 1,
    members: pages(members.length),
    membersWithout2fa: pages(members.filter((m) => m.twoFactor === 'disabled').length),
    membersWithInsecure2fa: pages(members.filter((m) => m.twoFactor === 'insecure').length),
    owners: pages(members.filter((m) => m.role === 'admin').length),
    outsideCollaborators: pages(outside.size),
    outsideCollaboratorsWithout2fa: pages(
      state.users.filter((u) => outside.has(u.login) && u.twoFactor === 'disabled').length,
    ),
    graphqlRepositories: pages(code.repos.length),
    restRepositories: pages(code.repos.length),
    orgRulesets: pages(code.rulesets.length) + code.rulesets.length,
    repoRulesets: repoRulesets.size === 0 ? 0 : Math.ceil(repoRulesets.size / 100),
    secretAlerts: pages(open.length - generic.length) + pages(generic.length),
    // One org-wide search for the window (fewer than 1,000 merged, so it is not split).
    mergedPullRequests: pages((state.pulls[org] ?? []).filter((p) => p.kind !== 'outside-window').length),
    // ⌈identities/100⌉ SAML/SCIM identities (members only) and ⌈members/100⌉ for the verified-domain emails.
    samlIdentities: pages(
      (state.identity?.[org]?.saml ?? []).filter((i) => i.login && memberLogins.has(i.login)).length,
    ),
    verifiedDomainEmails: pages(members.length),
  };
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

describe(`API budget: one organization with ${REPOS} repositories and ${MEMBERS} members`, () => {
  let state: GithubState;
  let sim: GithubSim;
  let org: string;

  beforeAll(async () => {
    state = generateGithub(new Random(2026), { orgs: 1, membersPerOrg: MEMBERS, reposPerOrg: REPOS });
    org = state.orgs[0]!.login;
    const code = state.code[org]!;
    // 250 more open alerts, so the alert list takes three cursor pages.
    const template = code.alerts[0]!;
    for (let i = 0; i < 250; i++)
      code.alerts.push({ ...template, number: 1000 + i, secret: `SIMFAKE-bulk-${i}`, state: 'open', ageDays: i % 30 });
    sim = await startGithubSim(state);
  }, 60_000);
  afterAll(() => sim.server.close());

  it('stays within 1.1 × the paging minimum, against ~9 requests per repository for a per-repository collector', async () => {
    const config = parseConfig(
      `version: 1\nsources:\n  github:\n    baseUrl: ${sim.baseUrl}\n    auth: { token: { env: GH } }\n    orgs: [${org}]\n`,
      'assay.yaml',
      { GH: sim.token },
    );
    const started = performance.now();
    const { snapshots } = await runCollectors({
      jobs: [{ collector: githubCollector, config: config.sources.github }],
      concurrency: 1,
      timeoutMs: 120_000,
      log: pino({ level: 'silent' }),
      now: () => new Date(),
      resolveSecret: config.resolveSecret,
      onSnapshot: async () => {},
    });
    const elapsed = Math.round(performance.now() - started);
    const [snap] = snapshots;
    expect(snap!.missing).toEqual({});
    expect((snap!.data['github.repositories'] as unknown[]).length).toBe(REPOS);
    expect((snap!.data['github.members'] as unknown[]).length).toBe(MEMBERS);
    expect((snap!.data['github.secretScanningAlerts'] as unknown[]).length).toBeGreaterThan(200);

    const minimum = pagingMinimum(state, org);
    const made = sim.server.total();
    expect(requestCount(snap!)).toBe(made);
    expect(made).toBeLessThanOrEqual(Math.floor(1.1 * minimum.total));
    expect(made).toBeLessThan((9 * REPOS) / 100);
    console.info(
      `github budget: ${made} requests (paging minimum ${minimum.total}: ${JSON.stringify(minimum.parts)}; per-repository approach ≈ ${9 * REPOS}) in ${elapsed} ms`,
      sim.server.counts(),
    );
  }, 120_000);
});

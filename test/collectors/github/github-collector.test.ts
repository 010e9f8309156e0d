import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { githubCollector } from '../../../collectors/github/github-collector.js';
import { parseConfig, type Env } from '../../../src/config/load-config.js';
import { runCollectors } from '../../../src/engine/run-collectors.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { generateGithub } from '../../../sim/github/generate-github.js';
import { GITHUB_CODE_ROUTES } from '../../../sim/github/github-code-routes.js';
import { GITHUB_APP_ROUTES } from '../../../sim/github/github-app.js';
import { GITHUB_GRAPHQL_ROUTE } from '../../../sim/github/github-graphql-route.js';
import { startGithubSim, type GithubSim } from '../../../sim/github/github-sim.js';
import type { GithubState } from '../../../sim/github/github-state.js';
import { Random } from '../../../sim/random.js';
import type { GithubRepository, GithubRuleset, GithubSecretAlert } from '../../../src/model/datasets/github.js';

const RATE_LIMITED = {
  errors: [
    { type: 'RATE_LIMITED', code: 'graphql_rate_limit', message: 'API rate limit already exceeded for user ID 1.' },
  ],
};

describe('the GitHub collector against the simulated GitHub', () => {
  let state: GithubState;
  let sim: GithubSim;
  let orgs: string[];

  const collect = async (auth: string, env: Env, only?: string[]): Promise<Snapshot[]> => {
    const config = parseConfig(
      `version: 1\nsources:\n  github:\n    baseUrl: ${sim.baseUrl}\n    auth: ${auth}\n    orgs: [${(only ?? orgs).join(', ')}]\n    retries: 0\n    requestTimeoutSeconds: 5\n`,
      'assay.yaml',
      env,
    );
    const { snapshots } = await runCollectors({
      jobs: [{ collector: githubCollector, config: config.sources.github }],
      concurrency: 1,
      timeoutMs: 30_000,
      log: pino({ level: 'silent' }),
      now: () => new Date(),
      resolveSecret: config.resolveSecret,
      onSnapshot: async () => {},
    });
    return snapshots;
  };
  const withToken = (token = sim.token, only?: string[]) => collect('{ token: { env: GH } }', { GH: token }, only);
  const ops = (s: Snapshot) => s.calls.map((c) => c.operation).sort();

  beforeAll(async () => {
    state = generateGithub(new Random(11), { orgs: 2, membersPerOrg: 20, reposPerOrg: 20 });
    sim = await startGithubSim(state);
    orgs = state.orgs.map((o) => o.login);
    // The simulator builds GitHub's GraphQL schema on its first query; on a busy machine that alone can outlast the
    // 5 s request timeout the tests use, so it is built here.
    await fetch(`${sim.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `bearer ${sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ rateLimit { remaining } }' }),
    });
    sim.server.resetCounts();
  });
  afterAll(() => sim.server.close());
  afterEach(() => {
    sim.server.faults.clear();
    sim.server.resetCounts();
  });

  it('collects every dataset with org-wide lists only, and records every HTTP request it made', async () => {
    const snaps = await withToken();
    expect(snaps.map((s) => s.scope.id).sort()).toEqual([...orgs].sort());
    for (const s of snaps) {
      expect(s.missing).toEqual({});
      expect(ops(s)).toEqual([
        'GET /orgs/{org}',
        'GET /orgs/{org}/members',
        'GET /orgs/{org}/members?filter=2fa_disabled',
        'GET /orgs/{org}/members?filter=2fa_insecure',
        'GET /orgs/{org}/members?role=admin',
        'GET /orgs/{org}/outside_collaborators',
        'GET /orgs/{org}/outside_collaborators?filter=2fa_disabled',
        'GET /orgs/{org}/repos',
        'GET /orgs/{org}/rulesets',
        'GET /orgs/{org}/secret-scanning/alerts',
        'POST /graphql nodes(RepositoryRuleset)',
        'POST /graphql organization.membersWithRole.organizationVerifiedDomainEmails',
        'POST /graphql organization.repositories',
        'POST /graphql organization.samlIdentityProvider.externalIdentities',
        'POST /graphql search (merged pull requests)',
      ]);
      expect((s.data['github.repositories'] as unknown[]).length).toBe(20);
    }
    expect(snaps.reduce((n, s) => n + s.calls.reduce((m, c) => m + c.requests, 0), 0)).toBe(sim.server.total());
  });

  it('keeps the secret out of the snapshot even when a server ignores hide_secret', async () => {
    const org = orgs[0]!;
    const res = await fetch(`${sim.baseUrl}/orgs/${org}/secret-scanning/alerts?state=open`, {
      headers: { authorization: `token ${sim.token}` },
    });
    const withSecrets = (await res.json()) as Array<{ secret: string }>;
    expect(withSecrets.length).toBeGreaterThan(0);
    expect(withSecrets.every((a) => a.secret.startsWith('SIMFAKE-'))).toBe(true);
    sim.server.faults.inject(GITHUB_CODE_ROUTES.secretAlerts, { kind: 'status', status: 200, body: withSecrets });
    const [snap] = await withToken(sim.token, [org]);
    const alerts = snap!.data['github.secretScanningAlerts'] as Array<Record<string, unknown>>;
    expect(alerts).toHaveLength(withSecrets.length);
    expect(Object.keys(alerts[0]!).sort()).toEqual([
      'created_at',
      'html_url',
      'number',
      'publicly_leaked',
      'repository',
      'secret_type',
      'secret_type_display_name',
      'validity',
    ]);
    expect(JSON.stringify(snap)).not.toMatch(/SIMFAKE-/);
  });

  it('with a plain member\'s token: owner-only data is missing or marked unreadable, never read as "none"', async () => {
    const org = orgs[0]!;
    const [snap] = await withToken(sim.memberToken(org), [org]);
    expect(snap!.missing['github.membersWithout2fa']).toMatchObject({
      kind: 'error',
      status: 422,
      operation: 'GET /orgs/{org}/members?filter=2fa_disabled',
    });
    expect(snap!.missing['github.membersWithInsecure2fa']).toMatchObject({ kind: 'error', status: 422 });
    expect(snap!.missing['github.outsideCollaboratorsWithout2fa']).toMatchObject({
      kind: 'error',
      status: 422,
      operation: 'GET /orgs/{org}/outside_collaborators?filter=2fa_disabled',
    });
    expect(snap!.missing['github.secretScanningAlerts']).toMatchObject({ kind: 'error', status: 404 });
    expect(snap!.missing['github.orgRulesets']).toMatchObject({
      kind: 'error',
      status: 404,
      operation: 'GET /orgs/{org}/rulesets',
    });
    const repos = snap!.data['github.repositories'] as Array<{ unreadable?: string[] }>;
    const security = snap!.data['github.repoSecurity'] as object[];
    expect(repos.length).toBeGreaterThan(0);
    expect(security.length).toBeGreaterThan(0);
    expect(repos.every((r) => r.unreadable?.includes('collaborators'))).toBe(true);
    // The first organization's base permission is write: a member sees classic protection through refUpdateRule only.
    const protectedRepos = state.code[org]!.repos.filter((r) => r.protection && r.defaultBranch);
    expect(protectedRepos.length).toBeGreaterThan(0);
    for (const r of protectedRepos) {
      const seen = (snap!.data['github.repositories'] as GithubRepository[]).find((x) => x.name === r.name)!;
      expect(seen.viewerPermission).toBe('WRITE');
      expect(seen.unreadable).toEqual(['collaborators']);
      expect(seen.defaultBranch!.protection).toEqual({
        pattern: r.protection!.pattern,
        requiresApprovingReviews: r.protection!.requiresApprovingReviews,
        requiredApprovingReviewCount: r.protection!.requiresApprovingReviews
          ? r.protection!.requiredApprovingReviewCount
          : null,
        isAdminEnforced: null,
        allowsForcePushes: r.protection!.allowsForcePushes,
        dismissesStaleReviews: null,
        requireLastPushApproval: null,
        requiresCodeOwnerReviews: r.protection!.requiresCodeOwnerReviews,
        bypassPullRequestAllowances: null,
        readFrom: 'refUpdateRule',
      });
    }
    expect(security.every((r) => !('security_and_analysis' in r))).toBe(true);
    expect(snap!.data['github.org']).not.toHaveProperty('two_factor_requirement_enabled');
  });

  it('records secret scanning switched off org-wide as not applicable, and a plan without org rulesets as none', async () => {
    const org = orgs[0]!;
    sim.server.faults.inject(GITHUB_CODE_ROUTES.secretAlerts, {
      kind: 'status',
      status: 404,
      body: {
        message: 'Secret scanning is disabled on this organization.',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    sim.server.faults.inject(GITHUB_CODE_ROUTES.rulesets, {
      kind: 'status',
      status: 403,
      body: {
        message: 'Upgrade to GitHub Team to enable this feature.',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    const [snap] = await withToken(sim.token, [org]);
    expect(snap!.missing['github.secretScanningAlerts']).toEqual({
      kind: 'not_applicable',
      operation: 'GET /orgs/{org}/secret-scanning/alerts',
      message:
        'secret scanning is not enabled on any repository of the organization (GitHub: Secret scanning is disabled on this organization.)',
    });
    expect(snap!.data['github.orgRulesets']).toEqual([]);
  });

  it('asks for the generic secret types by name, which GitHub leaves out otherwise, and keeps each alert once', async () => {
    const org = orgs[0]!;
    const [snap] = await withToken(sim.token, [org]);
    const alerts = snap!.data['github.secretScanningAlerts'] as GithubSecretAlert[];
    const open = state.code[org]!.alerts.filter((a) => a.state === 'open');
    expect(alerts.map((a) => `${a.repository}#${a.number}`).sort()).toEqual(
      open.map((a) => `${org}/${a.repo}#${a.number}`).sort(),
    );
    expect(alerts.map((a) => a.secret_type)).toEqual(expect.arrayContaining(['rsa_private_key', 'password']));
    expect(snap!.calls.find((c) => c.operation === 'GET /orgs/{org}/secret-scanning/alerts')!.requests).toBe(2);
  });

  it('reads the details of every organization ruleset whose summary does not say what it targets, with its bypass list and review settings', async () => {
    const org = orgs[0]!;
    const [snap] = await withToken(sim.token, [org]);
    const rulesets = snap!.data['github.orgRulesets'] as GithubRuleset[];
    expect(rulesets).toHaveLength(state.code[org]!.rulesets.length);
    for (const rs of rulesets) expect(rs).toMatchObject({ target: 'branch', bypass_actors: expect.any(Array) });
    expect(rulesets[0]!.rules).toContainEqual({
      type: 'pull_request',
      parameters: {
        required_approving_review_count: 1,
        dismiss_stale_reviews_on_push: true,
        require_last_push_approval: true,
      },
    });
    expect(snap!.calls.find((c) => c.operation === 'GET /orgs/{org}/rulesets')!.requests).toBe(1 + rulesets.length);
  });

  it('waits out a GraphQL rate limit reported as HTTP 200, and reports one that does not lift as an error naming the call', async () => {
    const org = orgs[0]!;
    const reset = () => String(Math.floor(Date.now() / 1000) + 1);
    sim.server.faults.inject(
      GITHUB_GRAPHQL_ROUTE,
      {
        kind: 'status',
        status: 200,
        body: RATE_LIMITED,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset() },
      },
      { times: 1 },
    );
    const [ok] = await withToken(sim.token, [org]);
    expect(ok!.missing).toEqual({});
    expect(ok!.calls.find((c) => c.operation === 'POST /graphql organization.repositories')!.requests).toBe(2);

    sim.server.faults.inject(GITHUB_GRAPHQL_ROUTE, {
      kind: 'status',
      status: 200,
      body: RATE_LIMITED,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
    });
    const [limited] = await withToken(sim.token, [org]);
    expect(limited!.missing['github.repositories']).toMatchObject({
      kind: 'error',
      operation: 'POST /graphql organization.repositories',
    });
    expect(limited!.missing['github.repositories']!.message).toMatch(/rate limit/i);
    expect(limited!.missing['github.repoRulesets']).toEqual({
      kind: 'error',
      operation: 'POST /graphql organization.repositories',
      message: 'needs the repository list, which could not be read',
    });
    expect(limited!.data['github.org']).toBeDefined();
  }, 20_000);

  it('authenticates as a GitHub App: finds each installation, or uses the configured id, and counts those requests', async () => {
    const creds = sim.app.credentials();
    const env = { KEY: creds.privateKey.replace(/\n/g, '\\n') };
    const discovered = await collect(`{ app: { appId: ${creds.appId}, privateKey: { env: KEY } } }`, env);
    for (const s of discovered) expect(s.missing).toEqual({});
    expect(sim.server.counts()[GITHUB_APP_ROUTES.installation]).toBe(2);
    expect(sim.server.counts()[GITHUB_APP_ROUTES.accessToken]).toBe(2);
    expect(discovered.reduce((n, s) => n + s.calls.reduce((m, c) => m + c.requests, 0), 0)).toBe(sim.server.total());

    sim.server.resetCounts();
    const [org] = orgs;
    await collect(
      `{ app: { appId: ${creds.appId}, privateKey: { env: KEY }, installationIds: { ${org}: ${creds.installationIds[org!]} } } }`,
      env,
      [org!],
    );
    expect(sim.server.counts()[GITHUB_APP_ROUTES.installation]).toBeUndefined();
    expect(sim.server.counts()[GITHUB_APP_ROUTES.accessToken]).toBe(1);
  });

  it('reports the repository datasets as errors, naming why, when the App is installed on selected repositories only', async () => {
    const creds = sim.app.credentials();
    const env = { KEY: creds.privateKey };
    const org = orgs[0]!;
    const REPO_DATASETS = [
      'github.repositories',
      'github.repoSecurity',
      'github.repoRulesets',
      'github.secretScanningAlerts',
      'github.pullRequests',
    ];
    sim.app.selectedOnly.add(org.toLowerCase());
    try {
      for (const installationIds of ['', `, installationIds: { ${org}: ${creds.installationIds[org]} }`]) {
        const [snap] = await collect(
          `{ app: { appId: ${creds.appId}, privateKey: { env: KEY }${installationIds} } }`,
          env,
          [org],
        );
        for (const key of REPO_DATASETS) {
          expect(snap!.missing[key], key).toMatchObject({ kind: 'error' });
          expect(snap!.missing[key]!.message).toBe(
            `the GitHub App ${creds.appId} is installed on selected repositories of ${org} only (repository_selection: selected), so the repositories it cannot see would go unchecked; install it on all repositories`,
          );
          expect(snap!.data[key]).toBeUndefined();
        }
        expect(Object.keys(snap!.missing).sort()).toEqual([...REPO_DATASETS].sort());
        expect(snap!.data['github.members']).toBeDefined();
      }
      expect(sim.server.counts()[GITHUB_CODE_ROUTES.repos]).toBeUndefined();
      // Only the identity reads, which need no repository: one page of SAML identities and one of members, per run.
      expect(sim.server.counts()[GITHUB_GRAPHQL_ROUTE]).toBe(2 * 2);
    } finally {
      sim.app.selectedOnly.clear();
    }
    const [all] = await collect(`{ app: { appId: ${creds.appId}, privateKey: { env: KEY } } }`, env, [org]);
    expect(all!.missing).toEqual({});
  });

  it('refuses a repository list that stops short: another page without a cursor, or fewer repositories than totalCount', async () => {
    const org = orgs[0]!;
    const page = (hasNextPage: boolean, totalCount: number) => ({
      data: { organization: { repositories: { totalCount, pageInfo: { hasNextPage, endCursor: null }, nodes: [] } } },
    });
    sim.server.faults.inject(GITHUB_GRAPHQL_ROUTE, { kind: 'status', status: 200, body: page(true, 40) }, { times: 1 });
    const [noCursor] = await withToken(sim.token, [org]);
    expect(noCursor!.missing['github.repositories']).toMatchObject({
      kind: 'error',
      operation: 'POST /graphql organization.repositories',
      message: `GraphQL: the repositories of ${org} have another page but GitHub gave no cursor for it (read 0 of 40)`,
    });
    expect(noCursor!.missing['github.repoRulesets']).toMatchObject({ kind: 'error' });
    sim.server.faults.inject(GITHUB_GRAPHQL_ROUTE, { kind: 'status', status: 200, body: page(false, 3) }, { times: 1 });
    const [short] = await withToken(sim.token, [org]);
    expect(short!.missing['github.repositories']).toMatchObject({
      kind: 'error',
      message: `GraphQL: read 0 repositories of ${org} but GitHub reported totalCount 3; the list is incomplete or changed while it was read`,
    });
  });

  it('names the installation lookup in every dataset of an organization the App is not installed on', async () => {
    const creds = sim.app.credentials();
    const [snap] = await collect(
      `{ app: { appId: ${creds.appId}, privateKey: { env: KEY } } }`,
      { KEY: creds.privateKey },
      ['not-installed'],
    );
    expect(Object.keys(snap!.data)).toEqual([]);
    expect(snap!.missing['github.org']).toMatchObject({ kind: 'error', operation: 'GET /orgs/{org}', status: 404 });
    expect(snap!.missing['github.org']!.message).toMatch(
      /^GitHub App 424242 has no installation on not-installed that it can use \(GET \/orgs\/\{org\}\/installation answered 404/,
    );
  });

  it('refuses an environment variable that holds no PEM key, without echoing it', async () => {
    const [snap] = await collect('{ app: { appId: 1, privateKey: { env: KEY } } }', { KEY: 'not-a-key-value' });
    expect(snap!.scope).toEqual({ kind: 'global', id: 'github' });
    expect(snap!.missing['github.org']!.message).toBe(
      'sources.github.auth.app.privateKey: environment variable KEY does not hold a PEM private key (expected the PEM key file GitHub gave you: -----BEGIN … PRIVATE KEY----- …)',
    );
  });
});

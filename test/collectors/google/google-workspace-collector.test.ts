import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_OPERATION } from '../../../collectors/google/google-auth.js';
import { googleDatasets } from '../../../src/model/datasets/google.js';
import { GOOGLE_ROUTES } from '../../../sim/google/google-routes.js';
import { collectOnce, startSim, type RunningGoogleSim } from './google-run.js';

/** Built from parts so that no key-shaped literal sits in the repository. */
const PEM_HEADER = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
const PEM_FOOTER = ['-----END', 'PRIVATE KEY-----'].join(' ');

const API_DATASETS = Object.keys(googleDatasets)
  .filter((k) => k !== 'google-workspace.breakGlassAccounts')
  .sort();
const rateLimitBody = (reason: string) => ({
  error: {
    code: 403,
    message: 'User Rate Limit Exceeded',
    errors: [{ message: 'User Rate Limit Exceeded', domain: 'usageLimits', reason }],
  },
});

describe('google-workspace collector on the simulated Admin SDK', () => {
  let s: RunningGoogleSim;
  beforeEach(async () => {
    s = await startSim({ pageCap: 20 });
  });
  afterEach(async () => {
    await s.stop();
  });

  it('reads every dataset, paging with pageToken, one token for the whole run', async () => {
    const snap = await collectOnce(s.config(), s.env);
    expect(snap.missing).toEqual({});
    expect(snap.scope).toEqual({ kind: 'google-customer', id: s.state.domain, name: s.state.domain });
    const users = snap.data['google-workspace.users'] as Array<{ primaryEmail: string }>;
    expect(users.map((u) => u.primaryEmail).sort()).toEqual(s.state.users.map((u) => u.primaryEmail).sort());
    const counts = s.sim.server.counts();
    expect(counts[GOOGLE_ROUTES.token]).toBe(1);
    expect(counts[GOOGLE_ROUTES.users]).toBe(Math.ceil(s.state.users.length / 20));
    expect(snap.calls.filter((c) => c.operation === 'directory.users.list')).toMatchObject([
      { ok: true, requests: Math.ceil(s.state.users.length / 20) },
    ]);
    expect(snap.calls.reduce((n, c) => n + c.requests, 0)).toBe(s.sim.server.total());
    // Derived membership: the founders nested in the executives group come through, the group entry too.
    const execs = snap.data['google-workspace.executives'] as {
      groups: Array<{ members: Array<{ email: string; type: string }> }>;
    };
    expect(execs.groups[0]!.members.map((m) => m.email)).toEqual(
      expect.arrayContaining([`ceo@${s.state.domain}`, `cto@${s.state.domain}`, `founders@${s.state.domain}`]),
    );
  });

  it('stores only the fields checks use, and no secret', async () => {
    const snap = await collectOnce(s.config(), s.env);
    const ceo = (snap.data['google-workspace.users'] as Array<Record<string, unknown>>).find(
      (u) => u.primaryEmail === `ceo@${s.state.domain}`,
    );
    expect(Object.keys(ceo!).sort()).toEqual([
      'archived',
      'creationTime',
      'fullName',
      'id',
      'isAdmin',
      'isDelegatedAdmin',
      'isEnforcedIn2Sv',
      'isEnrolledIn2Sv',
      'lastLoginTime',
      'orgUnitPath',
      'primaryEmail',
      'suspended',
    ]);
    const text = JSON.stringify(snap);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('simtok.');
    expect(text).not.toContain(JSON.parse(s.sim.serviceAccountKeyJson).private_key_id);
  });

  it("keeps a user's manager from relations (type manager), lower-cased, and nothing when there is none", async () => {
    const [boss, report] = s.state.users;
    report!.manager = boss!.primaryEmail.toUpperCase();
    try {
      const snap = await collectOnce(s.config(), s.env);
      const users = snap.data['google-workspace.users'] as Array<{ id: string; manager?: string }>;
      expect(users.find((u) => u.id === report!.id)!.manager).toBe(boss!.primaryEmail.toLowerCase());
      expect(users.find((u) => u.id === boss!.id)!.manager).toBeUndefined();
    } finally {
      delete report!.manager;
    }
  });

  it('treats a list key Google omitted as an empty list, not as missing data', async () => {
    const empty = s.state.groups.find((g) => g.members.length === 0)!;
    s.state.activities = s.state.activities.filter((a) => a.event.name !== 'revoke');
    const snap = await collectOnce(s.config({ tokenInventory: { enabled: false } }), s.env);
    expect(snap.missing).toEqual({
      'google-workspace.oauthTokenInventory': {
        kind: 'not_applicable',
        operation: 'sources.google.tokenInventory',
        message: 'the token inventory is off (sources.google.tokenInventory.enabled)',
      },
    });
    expect(
      (snap.data['google-workspace.roleAssignments'] as { groupMembers: Record<string, unknown[]> }).groupMembers[
        empty.id
      ],
    ).toEqual([]);
    expect(snap.calls.find((c) => c.operation === 'reports.activities.list(token/revoke)')).toMatchObject({
      ok: true,
      requests: 1,
    });
  });

  it('backs off on 403 userRateLimitExceeded and 429 Retry-After, counting every attempt', async () => {
    s.sim.server.faults.inject(
      GOOGLE_ROUTES.users,
      { kind: 'status', status: 403, body: rateLimitBody('userRateLimitExceeded') },
      { times: 2 },
    );
    s.sim.server.faults.inject(GOOGLE_ROUTES.roles, { kind: 'rate-limit', retryAfterSeconds: 0 }, { times: 1 });
    const snap = await collectOnce(s.config(), s.env);
    expect(snap.missing).toEqual({});
    const pages = Math.ceil(s.state.users.length / 20);
    expect(snap.calls.find((c) => c.operation === 'directory.users.list')).toMatchObject({
      ok: true,
      requests: pages + 2,
    });
    expect(snap.calls.find((c) => c.operation === 'directory.roles.list')).toMatchObject({ ok: true, requests: 2 });
    expect(s.sim.server.counts()[GOOGLE_ROUTES.users]).toBe(pages + 2);
  });

  it('gives up after the configured retries and records the dataset as an error naming the call', async () => {
    s.sim.server.faults.inject(GOOGLE_ROUTES.roles, {
      kind: 'status',
      status: 500,
      body: { error: { code: 500, message: 'Backend Error', errors: [{ reason: 'backendError' }] } },
    });
    const snap = await collectOnce(s.config({ retries: 2 }), s.env);
    expect(snap.missing['google-workspace.roles']).toEqual({
      kind: 'error',
      operation: 'directory.roles.list',
      status: 500,
      message: 'HTTP 500 backendError: Backend Error (after 3 attempts)',
    });
    expect(snap.calls.find((c) => c.operation === 'directory.roles.list')).toMatchObject({ ok: false, requests: 3 });
    expect(Object.keys(snap.missing)).toEqual(['google-workspace.roles']);
  });

  it('does not retry a plain 403 and names the call that was refused', async () => {
    s.sim.server.faults.inject(GOOGLE_ROUTES.members, {
      kind: 'status',
      status: 403,
      body: {
        error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] },
      },
    });
    const snap = await collectOnce(s.config(), s.env);
    expect(snap.missing['google-workspace.executives']).toEqual({
      kind: 'error',
      operation: 'directory.members.list',
      status: 403,
      message: 'HTTP 403 forbidden: Not Authorized to access this resource/api',
    });
    expect(snap.missing['google-workspace.roleAssignments']).toMatchObject({
      operation: 'directory.members.list',
      status: 403,
    });
  });

  it('makes every dataset an error naming the token call when the scopes are not delegated (401 unauthorized_client)', async () => {
    s.state.serviceAccount.delegatedScopes = s.state.serviceAccount.delegatedScopes.slice(1);
    const snap = await collectOnce(s.config(), s.env);
    expect(Object.keys(snap.missing).sort()).toEqual(API_DATASETS);
    for (const key of API_DATASETS) {
      expect(snap.missing[key]).toEqual({
        kind: 'error',
        operation: TOKEN_OPERATION,
        status: 401,
        message:
          'HTTP 401 unauthorized_client: Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      });
    }
    expect(s.sim.server.counts()).toEqual({ [GOOGLE_ROUTES.token]: 1 });
  });

  it('names the token call when the key variable is unset or does not hold a key, without echoing it', async () => {
    const unset = await collectOnce(s.config(), {});
    expect(unset.missing['google-workspace.users']).toMatchObject({
      operation: TOKEN_OPERATION,
      message: 'sources.google.auth.serviceAccountKey: environment variable GOOGLE_SA_KEY is not set',
    });
    const garbage = await collectOnce(s.config(), {
      GOOGLE_SA_KEY: JSON.stringify({ private_key: `${PEM_HEADER}\nAAAA\n${PEM_FOOTER}\n` }),
    });
    expect(garbage.missing['google-workspace.users']!.message).toBe(
      'sources.google.auth.serviceAccountKey (environment variable GOOGLE_SA_KEY): expected a service account JSON key (type "service_account" with client_email and private_key)',
    );
    expect(s.sim.server.total()).toBe(0);
  });

  it('reports 403 on every Admin SDK call when the impersonated user is not an admin', async () => {
    const plain = s.state.users.find((u) => !u.isAdmin && !u.isDelegatedAdmin && !u.suspended)!;
    const snap = await collectOnce(
      s.config({ auth: { subject: plain.primaryEmail, serviceAccountKey: { env: 'GOOGLE_SA_KEY' } } }),
      s.env,
    );
    expect(snap.missing['google-workspace.users']).toEqual({
      kind: 'error',
      operation: 'directory.users.list',
      status: 403,
      message: 'HTTP 403 forbidden: Not Authorized to access this resource/api',
    });
    // The token inventory lists the tokens of the users listed: without the list it names that call.
    expect(snap.missing['google-workspace.oauthGrants']).toEqual({
      kind: 'error',
      operation: 'directory.users.list',
      message: 'the token inventory needs the user list, which was not read',
    });
  });

  it('retries a malformed body and a hung request, then succeeds', async () => {
    s.sim.server.faults.inject(GOOGLE_ROUTES.roles, { kind: 'malformed' }, { times: 1 });
    s.sim.server.faults.inject(GOOGLE_ROUTES.roleAssignments, { kind: 'hang' }, { times: 1 });
    const snap = await collectOnce(s.config({ requestTimeoutSeconds: 0.3 }), s.env);
    expect(snap.missing).toEqual({});
    expect(snap.calls.find((c) => c.operation === 'directory.roles.list')).toMatchObject({ ok: true, requests: 2 });
    expect(snap.calls.find((c) => c.operation === 'directory.roleAssignments.list')).toMatchObject({
      ok: true,
      requests: 2,
    });
  });

  it('never reads a body that stays malformed as an empty list', async () => {
    s.sim.server.faults.inject(GOOGLE_ROUTES.roles, { kind: 'malformed' });
    const snap = await collectOnce(s.config({ retries: 1 }), s.env);
    expect(snap.missing['google-workspace.roles']).toMatchObject({ kind: 'error', operation: 'directory.roles.list' });
    expect(snap.missing['google-workspace.roles']!.message).toMatch(
      /^malformed response: the body is not a JSON object/,
    );
  });

  it('records the executives dataset as not applicable when none are configured', async () => {
    const snap = await collectOnce(s.config({ executives: {} }), s.env);
    expect(snap.missing['google-workspace.executives']).toEqual({
      kind: 'not_applicable',
      operation: 'sources.google.executives',
      message: 'no executives are configured (sources.google.executives: groups, emails or orgUnits)',
    });
  });
});

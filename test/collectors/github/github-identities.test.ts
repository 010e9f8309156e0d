import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { SAML_IDENTITIES_OPERATION, VERIFIED_EMAILS_OPERATION } from '../../../collectors/github/github-identities.js';
import { githubCollector } from '../../../collectors/github/github-collector.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { runCollectors } from '../../../src/engine/run-collectors.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { generateGithub } from '../../../sim/github/generate-github.js';
import { GITHUB_GRAPHQL_ROUTE } from '../../../sim/github/github-graphql-route.js';
import { startGithubSim, type GithubSim } from '../../../sim/github/github-sim.js';
import { membersOf, type GithubState } from '../../../sim/github/github-state.js';
import { Random } from '../../../sim/random.js';

const MEMBERS = 120;

describe('GitHub SAML/SCIM identities and verified-domain emails', () => {
  let state: GithubState;
  let sim: GithubSim;
  let org: string;
  let logins: string[];

  const collect = async (token: string, extra = ''): Promise<Snapshot> => {
    const config = parseConfig(
      `version: 1\nsources:\n  github:\n    baseUrl: ${sim.baseUrl}\n    auth: { token: { env: GH } }\n    orgs: [${org}]\n    retries: 0\n    requestTimeoutSeconds: 10\n${extra}`,
      'assay.yaml',
      { GH: token },
    );
    const { snapshots } = await runCollectors({
      jobs: [{ collector: githubCollector, config: config.sources.github }],
      concurrency: 1,
      timeoutMs: 60_000,
      log: pino({ level: 'silent' }),
      now: () => new Date(),
      resolveSecret: config.resolveSecret,
      onSnapshot: async () => {},
    });
    return snapshots[0]!;
  };
  const requestsOf = (s: Snapshot, operation: string) =>
    s.calls.filter((c) => c.operation === operation).reduce((n, c) => n + c.requests, 0);

  beforeAll(async () => {
    state = generateGithub(new Random(16), { orgs: 1, membersPerOrg: MEMBERS, reposPerOrg: 12 });
    org = state.orgs[0]!.login;
    logins = membersOf(state, state.orgs[0]!).map((m) => m.login);
    // 110 members signed in with SAML (every other one provisioned by SCIM too), one identity nobody claimed yet, and
    // the first 5 members with emails on a verified domain.
    state.identity = {
      [org]: {
        saml: [
          ...logins.slice(0, 110).map((login, i) => ({
            guid: `g-${i}`,
            nameId: `${login}@Corp.example`,
            emails: [`${login}@corp.example`],
            scimUsername: i % 2 === 0 ? `${login}@corp.example` : null,
            login,
          })),
          { guid: 'g-unclaimed', nameId: 'new.hire@corp.example', emails: [], scimUsername: null, login: null },
        ],
        verifiedEmails: Object.fromEntries(logins.slice(0, 5).map((l) => [l, [`${l}@Corp.example`]])),
      },
    };
    sim = await startGithubSim(state);
  }, 60_000);
  afterAll(() => sim.server.close());
  afterEach(() => sim.server.faults.clear());

  it('with sources.github.enterprise, links an organization without SAML through the enterprise identities', async () => {
    const own = state.identity![org]!;
    state.identity = { [org]: { verifiedEmails: own.verifiedEmails } };
    state.enterprise = {
      slug: 'acme-corp',
      owners: [state.tokens[sim.token]!],
      saml: logins.slice(0, 3).map((login, i) => ({
        guid: `e-${i}`,
        nameId: `${login}@corp.example`,
        emails: [],
        scimUsername: null,
        login,
      })),
    };
    try {
      const without = await collect(sim.token);
      expect(without.missing['github.samlIdentities']).toMatchObject({
        kind: 'not_applicable',
        message: `organization ${org} has no SAML single sign-on configured`,
      });
      const snap = await collect(sim.token, '    enterprise: acme-corp\n');
      expect(snap.missing['github.samlIdentities']).toBeUndefined();
      expect((snap.data['github.samlIdentities'] as Array<{ login: string }>).map((i) => i.login)).toEqual(
        logins.slice(0, 3).sort((a, b) => a.localeCompare(b)),
      );
    } finally {
      state.identity = { [org]: own };
      delete state.enterprise;
    }
  });

  it('reads every claimed identity and verified email with one query per 100, lower-cased', async () => {
    const snap = await collect(sim.token);
    expect(snap.missing).toEqual({});
    const identities = snap.data['github.samlIdentities'] as Array<Record<string, string>>;
    expect(identities).toHaveLength(110);
    const first = logins[0]!;
    expect(identities.find((i) => i.login === first)).toEqual({
      login: first,
      nameId: `${first}@corp.example`,
      scimUsername: `${first}@corp.example`,
    });
    expect(identities.find((i) => i.login === logins[1])).toEqual({
      login: logins[1],
      nameId: `${logins[1]!}@corp.example`,
    });
    expect(snap.data['github.verifiedDomainEmails']).toEqual(
      logins
        .slice(0, 5)
        .map((l) => ({ login: l, emails: [`${l}@corp.example`] }))
        .sort((a, b) => a.login.localeCompare(b.login)),
    );
    // ⌈110/100⌉ identity pages and ⌈120/100⌉ member pages.
    expect(requestsOf(snap, SAML_IDENTITIES_OPERATION)).toBe(2);
    expect(requestsOf(snap, VERIFIED_EMAILS_OPERATION)).toBe(2);
  });

  it("with a plain member's token: both are errors naming the call, never empty lists read as no link", async () => {
    const snap = await collect(sim.memberToken(org));
    expect(snap.missing['github.samlIdentities']).toEqual({
      kind: 'error',
      operation: SAML_IDENTITIES_OPERATION,
      message: `GraphQL: samlIdentityProvider of ${org} is null for a token that does not administer the organization: only owners (or an App with Members read) see it`,
    });
    expect(snap.missing['github.verifiedDomainEmails']).toEqual({
      kind: 'error',
      operation: VERIFIED_EMAILS_OPERATION,
      message: `GraphQL: organizationVerifiedDomainEmails in ${org} needs an organization owner's token: others see empty lists`,
    });
    expect(snap.data['github.samlIdentities']).toBeUndefined();
    expect(snap.data['github.verifiedDomainEmails']).toBeUndefined();
  });

  it('an organization without SAML SSO: identities not applicable, verified emails still read', async () => {
    const saml = state.identity![org]!.saml;
    delete state.identity![org]!.saml;
    try {
      const snap = await collect(sim.token);
      expect(snap.missing).toEqual({
        'github.samlIdentities': {
          kind: 'not_applicable',
          operation: SAML_IDENTITIES_OPERATION,
          message: `organization ${org} has no SAML single sign-on configured`,
        },
      });
      expect(snap.data['github.verifiedDomainEmails']).toHaveLength(5);
    } finally {
      state.identity![org]!.saml = saml;
    }
  });

  it('a GraphQL error next to partial data fails the read instead of dropping the identities it hid', async () => {
    const body = {
      data: {
        organization: {
          viewerCanAdminister: true,
          samlIdentityProvider: {
            externalIdentities: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [null] },
          },
          membersWithRole: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
        },
      },
      errors: [
        { type: 'FORBIDDEN', message: 'Resource not accessible', path: ['organization', 'samlIdentityProvider'] },
      ],
    };
    sim.server.faults.inject(GITHUB_GRAPHQL_ROUTE, { kind: 'status', status: 200, body });
    const snap = await collect(sim.token);
    expect(snap.missing['github.samlIdentities']).toMatchObject({
      kind: 'error',
      operation: SAML_IDENTITIES_OPERATION,
      message: 'GraphQL: FORBIDDEN: Resource not accessible',
    });
    expect(snap.missing['github.verifiedDomainEmails']).toMatchObject({
      kind: 'error',
      operation: VERIFIED_EMAILS_OPERATION,
    });
  });
});

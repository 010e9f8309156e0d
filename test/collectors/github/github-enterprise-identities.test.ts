import { buildClientSchema, parse } from 'graphql';
import { schema, validate } from '@octokit/graphql-schema';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubClient } from '../../../collectors/github/github-client.js';
import {
  ENTERPRISE_SAML_IDENTITIES_OPERATION,
  fetchSamlIdentities,
} from '../../../collectors/github/github-identities.js';
import { ENTERPRISE_SAML_IDENTITIES_QUERY } from '../../../collectors/github/github-queries.js';
import type { CollectorContext } from '../../../src/model/collector.js';
import type { GithubSourceConfig } from '../../../src/model/config/github-config.js';
import { generateGithub } from '../../../sim/github/generate-github.js';
import { paginationErrors } from '../../../sim/github/github-graphql-route.js';
import { startGithubSim, type GithubSim } from '../../../sim/github/github-sim.js';
import { membersOf, type GithubState } from '../../../sim/github/github-state.js';
import { Random } from '../../../sim/random.js';

const SLUG = 'acme-corp';

describe('GitHub SAML identities set on the enterprise', () => {
  let state: GithubState;
  let sim: GithubSim;
  let org: string;
  let logins: string[];

  beforeAll(async () => {
    state = generateGithub(new Random(21), { orgs: 1, membersPerOrg: 130, reposPerOrg: 12 });
    org = state.orgs[0]!.login;
    logins = membersOf(state, state.orgs[0]!).map((m) => m.login);
    sim = await startGithubSim(state);
  });
  afterAll(async () => sim.server.close());

  const client = (token: string) => {
    let requests = 0;
    const ctx = {
      config: { baseUrl: sim.baseUrl, requestTimeoutSeconds: 10, retries: 0 } as GithubSourceConfig,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
      countRequest: () => {
        requests++;
      },
      bindRequestCounter: () => () => {
        requests++;
      },
    } as unknown as CollectorContext<GithubSourceConfig>;
    return { gh: createGithubClient(ctx, { kind: 'token', token }), requests: () => requests };
  };
  const enterpriseSaml = () => [
    ...logins.slice(0, 120).map((login, i) => ({
      guid: `e-${i}`,
      nameId: `${login}@Corp.example`,
      emails: [],
      scimUsername: i % 3 === 0 ? `${login}@corp.example` : null,
      login,
    })),
    // Not claimed yet, and claimed by someone in no organization of the enterprise: neither links a member.
    { guid: 'e-new', nameId: 'new.hire@corp.example', emails: [], scimUsername: null, login: null },
    { guid: 'e-gone', nameId: 'gone@corp.example', emails: [], scimUsername: null, login: 'not-a-member' },
  ];
  const owner = () => state.tokens[sim.token]!;

  it("is valid against GitHub's published schema, each connection bounded to 100", () => {
    expect(validate(ENTERPRISE_SAML_IDENTITIES_QUERY).map(String)).toEqual([]);
    const githubSchema = buildClientSchema(schema.json as never);
    expect(paginationErrors(githubSchema, parse(ENTERPRISE_SAML_IDENTITIES_QUERY), {})).toEqual([]);
  });

  it('reads the enterprise identities, a page per 100, when the organization has no provider of its own', async () => {
    state.identity = { [org]: { verifiedEmails: {} } };
    state.enterprise = { slug: SLUG, owners: [owner()], saml: enterpriseSaml() };
    const { gh, requests } = client(sim.token);
    const read = await fetchSamlIdentities(gh, org, SLUG);
    expect(read.kind).toBe('identities');
    const identities = read.kind === 'identities' ? read.identities : [];
    expect(identities).toHaveLength(120);
    expect(identities.find((i) => i.login === logins[0])).toEqual({
      login: logins[0],
      nameId: `${logins[0]}@corp.example`,
      scimUsername: `${logins[0]}@corp.example`,
    });
    expect(identities.find((i) => i.login === logins[1])).toEqual({
      login: logins[1],
      nameId: `${logins[1]}@corp.example`,
    });
    // One organization query, then ⌈120/100⌉ = 2 enterprise pages.
    expect(requests()).toBe(3);
  });

  it('reads nothing of the enterprise when the organization has its own provider, or none is configured', async () => {
    state.identity = {
      [org]: {
        saml: [{ guid: 'o-1', nameId: `${logins[0]}@corp.example`, emails: [], scimUsername: null, login: logins[0]! }],
        verifiedEmails: {},
      },
    };
    state.enterprise = { slug: SLUG, owners: [owner()], saml: enterpriseSaml() };
    const own = client(sim.token);
    expect(await fetchSamlIdentities(own.gh, org, SLUG)).toEqual({
      kind: 'identities',
      identities: [{ login: logins[0], nameId: `${logins[0]}@corp.example` }],
    });
    expect(own.requests()).toBe(1);
    state.identity = { [org]: { verifiedEmails: {} } };
    const unset = client(sim.token);
    expect(await fetchSamlIdentities(unset.gh, org)).toEqual({
      kind: 'no-saml',
      reason: `organization ${org} has no SAML single sign-on configured`,
    });
    expect(unset.requests()).toBe(1);
  });

  it('is no SAML only when neither the organization nor the enterprise has it', async () => {
    state.identity = { [org]: { verifiedEmails: {} } };
    state.enterprise = { slug: SLUG, owners: [owner()] };
    expect(await fetchSamlIdentities(client(sim.token).gh, org, SLUG)).toEqual({
      kind: 'no-saml',
      reason: `neither organization ${org} nor enterprise ${SLUG} has SAML single sign-on configured`,
    });
  });

  it('fails, naming the call and the scope, for a token that is no enterprise owner, and for an unknown slug', async () => {
    state.identity = { [org]: { verifiedEmails: {} } };
    state.enterprise = { slug: SLUG, owners: ['someone-else'], saml: enterpriseSaml() };
    await expect(fetchSamlIdentities(client(sim.token).gh, org, SLUG)).rejects.toMatchObject({
      operation: ENTERPRISE_SAML_IDENTITIES_OPERATION,
      message: `GraphQL: ownerInfo of enterprise ${SLUG} is null: only an enterprise owner's token (classic: read:enterprise) sees its SAML identities`,
    });
    await expect(fetchSamlIdentities(client(sim.token).gh, org, 'other-slug')).rejects.toMatchObject({
      operation: ENTERPRISE_SAML_IDENTITIES_OPERATION,
      message: expect.stringMatching(
        /^GraphQL: NOT_FOUND: Could not resolve to Enterprise with the slug of 'other-slug'/,
      ),
    });
  });
});

import { CollectorError } from '../../src/errors.js';
import type { GithubSamlIdentity, GithubVerifiedEmails } from '../../src/model/people/github-identities.js';
import { PageGuard } from '../paging/page-guard.js';
import type { GithubClient } from './github-client.js';
import { graphqlQuery } from './github-graphql.js';
import {
  ENTERPRISE_SAML_IDENTITIES_QUERY,
  SAML_IDENTITIES_QUERY,
  VERIFIED_DOMAIN_EMAILS_QUERY,
} from './github-queries.js';

export const SAML_IDENTITIES_OPERATION = 'POST /graphql organization.samlIdentityProvider.externalIdentities';
export const VERIFIED_EMAILS_OPERATION = 'POST /graphql organization.membersWithRole.organizationVerifiedDomainEmails';
export const ENTERPRISE_SAML_IDENTITIES_OPERATION =
  'POST /graphql enterprise.ownerInfo.samlIdentityProvider.externalIdentities';

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface ExternalIdentities {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: Array<{
    guid: string;
    samlIdentity: { nameId: string | null; emails: Array<{ value: string | null }> | null } | null;
    scimIdentity: { username: string | null } | null;
    user: { login: string } | null;
  } | null>;
}

interface IdentitiesPage {
  organization: {
    viewerCanAdminister: boolean;
    samlIdentityProvider: { externalIdentities: ExternalIdentities } | null;
  } | null;
}

interface EnterpriseIdentitiesPage {
  enterprise: { ownerInfo: { samlIdentityProvider: { externalIdentities: ExternalIdentities } | null } | null } | null;
}

interface MembersPage {
  organization: {
    viewerCanAdminister: boolean;
    membersWithRole: {
      totalCount: number;
      pageInfo: PageInfo;
      nodes: Array<{ login: string; organizationVerifiedDomainEmails: string[] } | null>;
    };
  } | null;
}

/** What the organization's SAML read found: its identities, or no SAML SSO at all (a fact, not a gap). */
export type SamlRead = { kind: 'identities'; identities: GithubSamlIdentity[] } | { kind: 'no-saml'; reason: string };

/**
 * Walks a GraphQL connection 100 a page under a page guard: `read` returns the page's connection (or throws); any
 * GraphQL error makes the whole read fail, since a missing page would turn linked members into orphans.
 */
async function walk<P, C extends { totalCount: number; pageInfo: PageInfo }>(
  gh: GithubClient,
  operation: string,
  query: string,
  variables: Record<string, string>,
  read: (page: P) => C,
  each: (connection: C) => void,
): Promise<void> {
  const guard = new PageGuard(operation);
  let after: string | null = null;
  let first = true;
  do {
    if (after) guard.page(after);
    const { data, errors } = await graphqlQuery<P>(gh, operation, query, { ...variables, after });
    if (errors.length > 0)
      throw new CollectorError(`GraphQL: ${errors[0]!.type ?? 'error'}: ${errors[0]!.message}`, operation);
    const connection = read(data);
    if (first) guard.expect({ items: connection.totalCount, pageSize: 100 });
    first = false;
    each(connection);
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
}

const notVisible = (org: string, operation: string) =>
  new CollectorError(`GraphQL: organization ${org} not found or not visible to this token`, operation);

const lowerOrUndefined = (s: string | null | undefined) => (s ? s.toLowerCase() : undefined);

/** Identities some member claimed, by login (an unclaimed one links no account). */
function claimed(c: ExternalIdentities, into: GithubSamlIdentity[]): void {
  for (const n of c.nodes) {
    if (!n?.user) continue;
    const nameId = lowerOrUndefined(n.samlIdentity?.nameId);
    const scimUsername = lowerOrUndefined(n.scimIdentity?.username);
    into.push({ login: n.user.login, ...(nameId ? { nameId } : {}), ...(scimUsername ? { scimUsername } : {}) });
  }
}

const EMPTY: ExternalIdentities = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };

/**
 * The enterprise's SAML/SCIM identities claimed by a member, ⌈identities/100⌉ queries. Null `ownerInfo` is what
 * anyone but an enterprise owner sees, so it is an error; a null provider under it means no SSO on the enterprise.
 */
export async function fetchEnterpriseSamlIdentities(gh: GithubClient, slug: string): Promise<SamlRead> {
  const op = ENTERPRISE_SAML_IDENTITIES_OPERATION;
  const identities: GithubSamlIdentity[] = [];
  let none: SamlRead | undefined;
  await walk<EnterpriseIdentitiesPage, ExternalIdentities>(
    gh,
    op,
    ENTERPRISE_SAML_IDENTITIES_QUERY,
    { slug },
    (page) => {
      const e = page.enterprise;
      if (!e) throw new CollectorError(`GraphQL: enterprise ${slug} not found or not visible to this token`, op);
      if (!e.ownerInfo)
        throw new CollectorError(
          `GraphQL: ownerInfo of enterprise ${slug} is null: only an enterprise owner's token (classic: read:enterprise) sees its SAML identities`,
          op,
        );
      if (e.ownerInfo.samlIdentityProvider) return e.ownerInfo.samlIdentityProvider.externalIdentities;
      none = { kind: 'no-saml', reason: `enterprise ${slug} has no SAML single sign-on configured` };
      return EMPTY;
    },
    (c) => claimed(c, identities),
  );
  return none ?? { kind: 'identities', identities: identities.sort((a, b) => a.login.localeCompare(b.login)) };
}

/**
 * The organization's SAML/SCIM external identities linked to a member, ⌈identities/100⌉ queries. A null provider
 * means no SAML SSO only when the viewer administers the organization; anyone else is shown null either way, so that
 * is an error (the graph then reads GitHub links as unknown, never as orphans). With `enterprise` (its slug), an
 * organization without a provider of its own reads the enterprise's, where SSO is then set.
 */
export async function fetchSamlIdentities(gh: GithubClient, org: string, enterprise?: string): Promise<SamlRead> {
  const identities: GithubSamlIdentity[] = [];
  let none: SamlRead | undefined;
  await walk<IdentitiesPage, ExternalIdentities>(
    gh,
    SAML_IDENTITIES_OPERATION,
    SAML_IDENTITIES_QUERY,
    { org },
    (page) => {
      const o = page.organization;
      if (!o) throw notVisible(org, SAML_IDENTITIES_OPERATION);
      if (o.samlIdentityProvider) return o.samlIdentityProvider.externalIdentities;
      if (!o.viewerCanAdminister)
        throw new CollectorError(
          `GraphQL: samlIdentityProvider of ${org} is null for a token that does not administer the organization: only owners (or an App with Members read) see it`,
          SAML_IDENTITIES_OPERATION,
        );
      none = { kind: 'no-saml', reason: `organization ${org} has no SAML single sign-on configured` };
      return EMPTY;
    },
    (c) => claimed(c, identities),
  );
  if (none && enterprise !== undefined) {
    const read = await fetchEnterpriseSamlIdentities(gh, enterprise);
    return read.kind === 'identities'
      ? read
      : {
          kind: 'no-saml',
          reason: `neither organization ${org} nor enterprise ${enterprise} has SAML single sign-on configured`,
        };
  }
  return none ?? { kind: 'identities', identities: identities.sort((a, b) => a.login.localeCompare(b.login)) };
}

/**
 * Each member's emails on the organization's verified domains, ⌈members/100⌉ queries. Non-owners are shown empty
 * lists, which would read as "no email", so a viewer who does not administer the organization is an error.
 */
export async function fetchVerifiedDomainEmails(gh: GithubClient, org: string): Promise<GithubVerifiedEmails[]> {
  const out: GithubVerifiedEmails[] = [];
  await walk<MembersPage, NonNullable<MembersPage['organization']>['membersWithRole']>(
    gh,
    VERIFIED_EMAILS_OPERATION,
    VERIFIED_DOMAIN_EMAILS_QUERY,
    { org },
    (page) => {
      const o = page.organization;
      if (!o) throw notVisible(org, VERIFIED_EMAILS_OPERATION);
      if (!o.viewerCanAdminister)
        throw new CollectorError(
          `GraphQL: organizationVerifiedDomainEmails in ${org} needs an organization owner's token: others see empty lists`,
          VERIFIED_EMAILS_OPERATION,
        );
      return o.membersWithRole;
    },
    (c) => {
      for (const n of c.nodes)
        if (n && n.organizationVerifiedDomainEmails.length > 0)
          out.push({ login: n.login, emails: n.organizationVerifiedDomainEmails.map((e) => e.toLowerCase()).sort() });
    },
  );
  return out.sort((a, b) => a.login.localeCompare(b.login));
}

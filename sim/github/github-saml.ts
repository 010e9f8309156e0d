import { GraphQLError } from 'graphql';
import { connection } from './github-graphql-model.js';
import { membersOf, type GithubState, type SimGithubMember, type SimGithubOrg } from './github-state.js';

/** One SAML/SCIM external identity of an organization; `login` is the member who claimed it (null: not yet). */
export interface SimExternalIdentity {
  guid: string;
  nameId: string;
  emails: string[];
  scimUsername: string | null;
  login: string | null;
}

/** An organization's SAML SSO (absent: none) and its members' emails on its verified domains. */
export interface SimOrgIdentity {
  saml?: SimExternalIdentity[];
  /** Login → emails on the organization's verified domains. */
  verifiedEmails: Record<string, string[]>;
}

/** An enterprise account: its owners (logins) and its SAML SSO (absent: none), which then covers its organizations. */
export interface SimEnterprise {
  slug: string;
  owners: string[];
  saml?: SimExternalIdentity[];
}

type Args = Record<string, unknown>;

const identityNode = (i: SimExternalIdentity) => ({
  guid: i.guid,
  samlIdentity: { nameId: i.nameId, emails: i.emails.map((value) => ({ value })) },
  scimIdentity: i.scimUsername === null ? null : { username: i.scimUsername },
  user: i.login === null ? null : { __typename: 'User', login: i.login },
});

/**
 * `Organization.samlIdentityProvider`, `membersWithRole` and `viewerCanAdminister` as GitHub serves them: the provider
 * is null for a viewer who is not an owner (as when there is no SAML at all), and `membersOnly` leaves out identities
 * no member claimed. https://docs.github.com/en/graphql/reference/objects#organizationidentityprovider
 */
export function identityFields(state: GithubState, org: SimGithubOrg, owner: boolean): Record<string, unknown> {
  const identity = state.identity?.[org.login];
  // Built only when a query asks for members: most queries of an organization ask for its repositories.
  let listed: SimGithubMember[] | undefined;
  const members = () => (listed ??= membersOf(state, org));
  return {
    viewerCanAdminister: owner,
    samlIdentityProvider:
      owner && identity?.saml
        ? {
            id: `OIP_${Buffer.from(org.login).toString('base64url')}`,
            externalIdentities: (args: Args) => {
              const logins = args.membersOnly === true ? new Set(members().map((m) => m.login)) : undefined;
              return connection(
                identity.saml!.filter((i) => !logins || (i.login !== null && logins.has(i.login))),
                args,
                identityNode,
              );
            },
          }
        : null,
    membersWithRole: (args: Args) =>
      connection(
        members(),
        args,
        (m) => ({
          __typename: 'User',
          login: m.login,
          // Only owners see other members' verified-domain emails; anyone else gets an empty list.
          organizationVerifiedDomainEmails: ({ login }: Args) => {
            const of = state.orgs.find((o) => o.login.toLowerCase() === String(login).toLowerCase());
            const emails = of ? (state.identity?.[of.login]?.verifiedEmails[m.login] ?? []) : [];
            return owner && of ? emails : [];
          },
        }),
        (m) => ({ role: m.role === 'admin' ? 'ADMIN' : 'MEMBER' }),
      ),
  };
}

/**
 * `Query.enterprise(slug)`: `ownerInfo` (and the identity provider under it) is null for anyone but an enterprise
 * owner; `membersOnly` keeps identities claimed by a member of one of its organizations.
 * https://docs.github.com/en/graphql/reference/objects#enterpriseownerinfo
 */
export function enterpriseResolver(state: GithubState, viewer: string) {
  return ({ slug }: Args): Record<string, unknown> => {
    const e = state.enterprise;
    if (e?.slug !== String(slug))
      throw new GraphQLError(`Could not resolve to Enterprise with the slug of '${String(slug)}'.`, {
        extensions: { type: 'NOT_FOUND' },
      });
    const members = new Set(state.orgs.flatMap((o) => o.members.map((m) => m.login)));
    return {
      __typename: 'Enterprise',
      id: `E_${Buffer.from(e.slug).toString('base64url')}`,
      slug: e.slug,
      ownerInfo: e.owners.includes(viewer)
        ? {
            samlIdentityProvider: e.saml
              ? {
                  id: `EIP_${Buffer.from(e.slug).toString('base64url')}`,
                  externalIdentities: (args: Args) =>
                    connection(
                      e.saml!.filter((i) => args.membersOnly !== true || (i.login !== null && members.has(i.login))),
                      args,
                      identityNode,
                    ),
                }
              : null,
          }
        : null,
    };
  };
}

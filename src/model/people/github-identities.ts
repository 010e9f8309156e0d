import { z } from 'zod';

/**
 * GraphQL `organization.samlIdentityProvider.externalIdentities` (or the enterprise's): the SAML NameID (usually the
 * IdP email) or SCIM userName each member signed in with. Only org owners see it; null provider: no SAML SSO.
 * https://docs.github.com/en/graphql/reference/objects#externalidentity
 */
export const GithubSamlIdentitySchema = z.object({
  login: z.string(),
  /** `samlIdentity.nameId`, lower-cased. */
  nameId: z.string().optional(),
  /** `scimIdentity.username`, lower-cased. */
  scimUsername: z.string().optional(),
});
export type GithubSamlIdentity = z.infer<typeof GithubSamlIdentitySchema>;

/**
 * GraphQL `User.organizationVerifiedDomainEmails(login:)`: a member's emails on the org's verified domains.
 * https://docs.github.com/en/graphql/reference/objects#user
 */
export const GithubVerifiedEmailsSchema = z.object({ login: z.string(), emails: z.array(z.string()) });
export type GithubVerifiedEmails = z.infer<typeof GithubVerifiedEmailsSchema>;

import type { SimOrgCode } from './github-code-state.js';
import type { SimPullRequest } from './github-pulls-state.js';
import type { SimEnterprise, SimOrgIdentity } from './github-saml.js';

/** 'insecure': 2FA by SMS only, which GitHub lists under `filter=2fa_insecure`, not `2fa_disabled`. */
export type TwoFactor = 'enabled' | 'disabled' | 'insecure';

/** A GitHub account; 2FA belongs to the account, so it is the same in every organization the user is in. */
export interface SimGithubUser {
  login: string;
  id: number;
  name: string;
  email: string | null;
  createdAt: string;
  twoFactor: TwoFactor;
}

export interface SimGithubMembership {
  login: string;
  /** 'admin' is what the API calls an organization owner. */
  role: 'admin' | 'member';
  /** Publicized membership: the only members a non-member sees. */
  public: boolean;
}

/** Settings GitHub shows only to owners, named as in `GET /orgs/{org}`. */
export interface SimGithubOrgSettings {
  two_factor_requirement_enabled: boolean;
  default_repository_permission: 'read' | 'write' | 'admin' | 'none';
  members_can_create_repositories: boolean;
  members_can_create_public_repositories: boolean;
  members_can_create_private_repositories: boolean;
  members_can_fork_private_repositories: boolean;
  web_commit_signoff_required: boolean;
  deploy_keys_enabled_for_repositories: boolean;
}

export interface SimGithubOrg {
  login: string;
  id: number;
  name: string;
  description: string | null;
  blog: string;
  location: string;
  email: string;
  billingEmail: string;
  isVerified: boolean;
  createdAt: string;
  updatedAt: string;
  publicRepos: number;
  privateRepos: number;
  plan: { name: 'team' | 'enterprise'; seats: number };
  settings: SimGithubOrgSettings;
  members: SimGithubMembership[];
  /** Token of an owner of this organization only. */
  ownerToken: string;
  /** Token of a plain member: GitHub answers the 2FA filters with 422 and hides the owner-only settings. */
  memberToken: string;
}

/** One GitHub: the routes read it live, so a test may change it between requests. */
export interface GithubState {
  users: SimGithubUser[];
  orgs: SimGithubOrg[];
  /** Token → login of the user it authenticates. */
  tokens: Record<string, string>;
  /** Token of a user who owns every organization (what one `assay` config uses for all orgs). */
  adminToken: string;
  /** Repositories, rulesets and secret-scanning alerts by organization login (sim/github/github-code-state.ts). */
  code: Record<string, SimOrgCode>;
  /** Merged pull requests by organization login (sim/github/generate-github-pulls.ts). */
  pulls: Record<string, SimPullRequest[]>;
  /** SAML identities and verified-domain emails by organization login (sim/github/github-saml.ts); absent: none. */
  identity?: Record<string, SimOrgIdentity>;
  /** The enterprise the organizations belong to, when one is simulated (its SAML SSO: sim/github/github-saml.ts). */
  enterprise?: SimEnterprise;
}

export type SimGithubMember = SimGithubUser & Pick<SimGithubMembership, 'role' | 'public'>;

export const findOrg = (state: GithubState, login: string): SimGithubOrg | undefined =>
  state.orgs.find((o) => o.login.toLowerCase() === login.toLowerCase());

/** Members of an organization with their account details, by ascending user id as GitHub lists them. */
export function membersOf(state: GithubState, org: SimGithubOrg): SimGithubMember[] {
  const users = new Map(state.users.map((u) => [u.login, u]));
  return org.members
    .map((m) => {
      const u = users.get(m.login);
      if (!u) throw new Error(`membership of ${org.login} names unknown user ${m.login}`);
      return { ...u, role: m.role, public: m.public };
    })
    .sort((a, b) => a.id - b.id);
}

export const userOfToken = (state: GithubState, token: string): SimGithubUser | undefined => {
  if (!Object.hasOwn(state.tokens, token)) return undefined;
  return state.users.find((u) => u.login === state.tokens[token]);
};

import { GraphQLError } from 'graphql';
import { activeBranchRules } from './github-branch-rules.js';
import type {
  SimBranchProtection,
  SimBypassActor,
  SimOrgCode,
  SimRepo,
  SimRuleset,
  SimRulesetRule,
} from './github-code-state.js';
import { decodeCursor, encodeCursor } from './github-cursor-pagination.js';
import type { GithubState, SimGithubMembership, SimGithubOrg } from './github-state.js';
import { searchResolver } from './github-search.js';
import { enterpriseResolver, identityFields } from './github-saml.js';

/** Who asks: GraphQL shows protection and collaborators only to organization owners (repository admins, really). */
export interface GraphqlViewer {
  login: string;
}

type Args = Record<string, unknown>;
type SimPermission = 'ADMIN' | 'MAINTAIN' | 'WRITE' | 'TRIAGE' | 'READ' | null;
type Obj = Record<string, unknown>;

const EMPTY: SimOrgCode = { repos: [], rulesets: [], alerts: [] };
const nodeId = (kind: string, key: string) => `${kind}_${Buffer.from(key).toString('base64url')}`;
const forbidden = (message: string) => new GraphQLError(message, { extensions: { type: 'FORBIDDEN' } });

/** A GitHub connection over `items` for `first`/`after` (or `last`/`before`): the query was already checked for bounds. */
export function connection<T>(
  items: readonly T[],
  args: Args,
  toNode: (t: T) => unknown,
  edgeExtras: (t: T) => Obj = () => ({}),
): Obj {
  let start = 0;
  let end = items.length;
  if (typeof args.after === 'string') start = (decodeCursor(args.after) ?? -1) + 1;
  if (typeof args.before === 'string') end = decodeCursor(args.before) ?? end;
  if (typeof args.first === 'number') end = Math.min(end, start + args.first);
  else if (typeof args.last === 'number') start = Math.max(start, end - args.last);
  const slice = items.slice(start, end);
  const edges = slice.map((t, i) => ({ cursor: encodeCursor(start + i), node: toNode(t), ...edgeExtras(t) }));
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    nodes: edges.map((e) => e.node),
    edges,
  };
}

const ROLE_NAMES: Record<number, string> = { 2: 'maintain', 4: 'write', 5: 'admin' };

function bypassNode(b: SimBypassActor, i: number, rs: SimRuleset): Obj {
  return {
    __typename: 'RepositoryRulesetBypassActor',
    id: nodeId('RRSBA', `${rs.id}:${i}`),
    bypassMode: b.bypassMode.toUpperCase(),
    organizationAdmin: b.actorType === 'OrganizationAdmin',
    deployKey: b.actorType === 'DeployKey',
    enterpriseOwner: false,
    repositoryRoleName: b.actorType === 'RepositoryRole' ? (ROLE_NAMES[b.actorId ?? 0] ?? null) : null,
    repositoryRoleDatabaseId: b.actorType === 'RepositoryRole' ? b.actorId : null,
    actor:
      b.actorType === 'Team'
        ? { __typename: 'Team', slug: b.slug ?? `team-${b.actorId}`, id: nodeId('T', String(b.actorId)) }
        : null,
  };
}

export function rulesetNode(rs: SimRuleset, viewerIsOwner: boolean): Obj {
  return {
    __typename: 'RepositoryRuleset',
    id: rs.nodeId,
    databaseId: rs.id,
    name: rs.name,
    enforcement: rs.enforcement.toUpperCase(),
    target: 'BRANCH',
    createdAt: rs.createdAt,
    updatedAt: rs.updatedAt,
    source:
      rs.source === 'Organization'
        ? { __typename: 'Organization', login: rs.sourceName }
        : { __typename: 'Repository', name: rs.sourceName },
    bypassActors: (args: Args) =>
      viewerIsOwner
        ? connection(
            rs.bypass.map((b, i) => bypassNode(b, i, rs)),
            args,
            (n) => n,
          )
        : null,
  };
}

function ruleNode(rule: SimRulesetRule, rs: SimRuleset, i: number, viewerIsOwner: boolean): Obj {
  return {
    __typename: 'RepositoryRule',
    id: nodeId('RR', `${rs.id}:${i}`),
    type: rule.type.toUpperCase(),
    parameters:
      rule.type === 'pull_request'
        ? {
            __typename: 'PullRequestParameters',
            requiredApprovingReviewCount: rule.requiredApprovingReviewCount ?? 0,
            dismissStaleReviewsOnPush: rule.dismissStaleReviewsOnPush ?? false,
            requireCodeOwnerReview: false,
            requireLastPushApproval: rule.requireLastPushApproval ?? false,
            requiredReviewThreadResolution: false,
            allowedMergeMethods: ['MERGE', 'SQUASH', 'REBASE'],
          }
        : null,
    repositoryRuleset: rulesetNode(rs, viewerIsOwner),
  };
}

/** Classic protection as GraphQL's `BranchProtectionRule` shows it to a repository admin. */
function protectionNode(repo: SimRepo, p: SimBranchProtection): Obj {
  const { bypassPullRequestAllowances: allowances, ...fields } = p;
  return {
    __typename: 'BranchProtectionRule',
    id: nodeId('BPR', String(repo.id)),
    ...fields,
    bypassPullRequestAllowances: (args: Args) =>
      connection(allowances, args, (a): Obj => ({
        __typename: 'BypassPullRequestAllowance',
        id: nodeId('BPRA', `${repo.id}:${a.kind}:${a.name}`),
        actor: a.kind === 'User' ? { __typename: 'User', login: a.name } : { __typename: a.kind, slug: a.name },
      })),
  };
}

/** `RefUpdateRule`: the summary of classic protection GitHub shows those who can push but not administer. */
const refUpdateRule = (p: SimBranchProtection): Obj => ({
  __typename: 'RefUpdateRule',
  pattern: p.pattern,
  allowsDeletions: false,
  allowsForcePushes: p.allowsForcePushes,
  blocksCreations: false,
  requiredApprovingReviewCount: p.requiresApprovingReviews ? p.requiredApprovingReviewCount : null,
  requiredStatusCheckContexts: [],
  requiresCodeOwnerReviews: p.requiresCodeOwnerReviews,
  requiresConversationResolution: false,
  requiresLinearHistory: false,
  requiresSignatures: false,
  viewerAllowedToDismissReviews: false,
  viewerCanPush: true,
});

const PUSHERS = new Set(['ADMIN', 'MAINTAIN', 'WRITE']);

function repositoryNode(org: SimGithubOrg, code: SimOrgCode, repo: SimRepo, permission: SimPermission): Obj {
  const owner = permission === 'ADMIN';
  return {
    __typename: 'Repository',
    id: nodeId('R', String(repo.id)),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${org.login}/${repo.name}`,
    isArchived: repo.archived,
    isPrivate: repo.visibility !== 'public',
    visibility: repo.visibility.toUpperCase(),
    viewerPermission: permission,
    viewerCanAdminister: owner,
    defaultBranchRef:
      repo.defaultBranch === null
        ? null
        : {
            __typename: 'Ref',
            id: nodeId('REF', `${repo.id}:${repo.defaultBranch}`),
            name: repo.defaultBranch,
            prefix: 'refs/heads/',
            // GitHub hides classic protection from non-admins (null, no error); pushers see its summary.
            branchProtectionRule: owner && repo.protection ? protectionNode(repo, repo.protection) : null,
            refUpdateRule:
              permission !== null && PUSHERS.has(permission) && repo.protection ? refUpdateRule(repo.protection) : null,
            rules: (args: Args) =>
              connection(
                activeBranchRules(code, repo).map(({ rule, ruleset }, i) => ruleNode(rule, ruleset, i, owner)),
                args,
                (n) => n,
              ),
          },
    collaborators: (args: Args) => {
      if (!owner) throw forbidden('Must have push access to view repository collaborators.');
      const outside = args.affiliation === 'OUTSIDE' || args.affiliation === undefined ? repo.collaborators : [];
      return connection(
        outside,
        args,
        (c) => ({ __typename: 'User', login: c.login }),
        (c) => ({ permission: c.permission.toUpperCase() }),
      );
    },
  };
}

const byName = new Intl.Collator();

/** The root of a GraphQL query against `state`, as `viewer` sees it. */
export function graphqlRoot(
  state: GithubState,
  viewer: GraphqlViewer,
  rate: { limit: number; remaining: number; used: number; resetAt: string },
): Obj {
  const roles = new Map<SimGithubOrg, SimGithubMembership['role'] | undefined>();
  const roleIn = (org: SimGithubOrg) => {
    if (!roles.has(org)) roles.set(org, org.members.find((m) => m.login === viewer.login)?.role);
    return roles.get(org);
  };
  /** Owners administer every repository; members hold the base permission (at least read); others read public ones. */
  const permissionOn = (org: SimGithubOrg): SimPermission => {
    const role = roleIn(org);
    if (role === 'admin') return 'ADMIN';
    if (role === undefined) return 'READ';
    const base = org.settings.default_repository_permission;
    return base === 'none' ? 'READ' : (base.toUpperCase() as SimPermission);
  };
  const orgNode = (org: SimGithubOrg): Obj => {
    const code = state.code[org.login] ?? EMPTY;
    const visible = roleIn(org) === undefined ? code.repos.filter((r) => r.visibility === 'public') : code.repos;
    return {
      __typename: 'Organization',
      id: nodeId('O', String(org.id)),
      login: org.login,
      name: org.name,
      ...identityFields(state, org, roleIn(org) === 'admin'),
      repositories: (args: Args) => {
        const list = visible
          .filter((r) => typeof args.isArchived !== 'boolean' || r.archived === args.isArchived)
          .sort((a, b) => byName.compare(a.name, b.name));
        return connection(list, args, (r) => repositoryNode(org, code, r, permissionOn(org)));
      },
    };
  };
  let rulesets: Map<string, { rs: SimRuleset; admin: boolean }> | undefined;
  const rulesetById = (id: string): Obj | GraphQLError => {
    if (!rulesets) {
      rulesets = new Map();
      for (const org of state.orgs) {
        const code = state.code[org.login] ?? EMPTY;
        const admin = roleIn(org) === 'admin';
        for (const rs of [...code.rulesets, ...code.repos.flatMap((r) => r.rulesets)])
          if (!rulesets.has(rs.nodeId)) rulesets.set(rs.nodeId, { rs, admin });
      }
    }
    const found = rulesets.get(id);
    if (found) return rulesetNode(found.rs, found.admin);
    // graphql-js turns an Error in a list into an error at that index, as GitHub does for an unknown id.
    return new GraphQLError(`Could not resolve to a node with the global id of '${id}'`, {
      extensions: { type: 'NOT_FOUND' },
    });
  };
  return {
    rateLimit: () => ({ cost: 1, nodeCount: 0, ...rate }),
    organization: ({ login }: Args) => {
      const org = state.orgs.find((o) => o.login.toLowerCase() === String(login).toLowerCase());
      if (!org)
        throw new GraphQLError(`Could not resolve to an Organization with the login of '${String(login)}'.`, {
          extensions: { type: 'NOT_FOUND' },
        });
      return orgNode(org);
    },
    repository: ({ owner, name }: Args) => {
      const org = state.orgs.find((o) => o.login.toLowerCase() === String(owner).toLowerCase());
      const repo = org && (state.code[org.login] ?? EMPTY).repos.find((r) => r.name === name);
      if (!org || !repo)
        throw new GraphQLError(`Could not resolve to a Repository with the name '${String(owner)}/${String(name)}'.`, {
          extensions: { type: 'NOT_FOUND' },
        });
      return repositoryNode(org, state.code[org.login] ?? EMPTY, repo, permissionOn(org));
    },
    nodes: ({ ids }: Args) => (ids as string[]).map(rulesetById),
    enterprise: enterpriseResolver(state, viewer.login),
    search: searchResolver(state, viewer),
  };
}

import type { Logger } from 'pino';
import { PageGuard } from '../paging/page-guard.js';
import { CollectorError } from '../../src/errors.js';
import type { GithubBranchRule, GithubRepository } from '../../src/model/datasets/github.js';
import type { GithubClient } from './github-client.js';
import { errorsOutside, graphqlQuery, type GraphqlError } from './github-graphql.js';
import { REPOSITORIES_QUERY, REPOSITORY_MORE_QUERY } from './github-queries.js';
import { classicProtection, type ProtectionNode, type RefUpdateRuleNode } from './github-classic-protection.js';

export const REPOSITORIES_OPERATION = 'POST /graphql organization.repositories';

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface RuleNode {
  type: string;
  parameters: {
    requiredApprovingReviewCount?: number;
    dismissStaleReviewsOnPush?: boolean;
    requireLastPushApproval?: boolean;
  } | null;
  repositoryRuleset: {
    id: string;
    databaseId: number | null;
    name: string;
    enforcement: string;
    source: { __typename: string };
  } | null;
}
interface RuleConnection {
  pageInfo: PageInfo;
  nodes: Array<RuleNode | null> | null;
}
interface CollaboratorConnection {
  pageInfo: PageInfo;
  edges: Array<{ permission: string; node: { login: string } } | null> | null;
}
interface RepoNode {
  name: string;
  isArchived: boolean;
  visibility: string;
  viewerPermission: string | null;
  defaultBranchRef: {
    name: string;
    branchProtectionRule: ProtectionNode | null;
    refUpdateRule: RefUpdateRuleNode | null;
    rules: RuleConnection | null;
  } | null;
  collaborators: CollaboratorConnection | null;
}
interface RepositoriesPage {
  rateLimit?: { cost: number; remaining: number; resetAt: string };
  organization: {
    repositories: { totalCount: number; pageInfo: PageInfo; nodes: Array<RepoNode | null> | null };
  } | null;
}
interface MorePage {
  repository: {
    collaborators?: CollaboratorConnection | null;
    defaultBranchRef?: { rules: RuleConnection | null } | null;
  } | null;
}

export interface CollectedRepositories {
  repositories: GithubRepository[];
  /** GraphQL node ids of the repository-level rulesets that apply to a default branch. */
  repositoryRulesetNodeIds: string[];
}

const toRule = (n: RuleNode): GithubBranchRule => {
  const rs = n.repositoryRuleset;
  const count = n.parameters?.requiredApprovingReviewCount;
  const stale = n.parameters?.dismissStaleReviewsOnPush;
  const lastPush = n.parameters?.requireLastPushApproval;
  return {
    type: n.type,
    ...(typeof count === 'number' ? { requiredApprovingReviewCount: count } : {}),
    ...(typeof stale === 'boolean' ? { dismissStaleReviewsOnPush: stale } : {}),
    ...(typeof lastPush === 'boolean' ? { requireLastPushApproval: lastPush } : {}),
    ruleset: rs
      ? { id: rs.databaseId, name: rs.name, enforcement: rs.enforcement, source: rs.source.__typename }
      : null,
  };
};

/** The cursor of the next page: undefined when there is none, null when there is one GitHub gave no cursor for. */
const nextCursor = (info: PageInfo | undefined): string | null | undefined =>
  info?.hasNextPage ? info.endCursor || null : undefined;

const present = <T>(xs: ReadonlyArray<T | null> | null | undefined): T[] =>
  (xs ?? []).filter((x): x is T => x !== null);

/** The part of a repository an error is about: `collaborators`, `branchProtectionRule`, `rules` or `defaultBranchRef`. */
function unreadablePart(path: ReadonlyArray<string | number>, depth: number): string {
  const field = path[depth];
  if (field === 'defaultBranchRef')
    return typeof path[depth + 1] === 'string' ? String(path[depth + 1]) : 'defaultBranchRef';
  return typeof field === 'string' ? field : 'repository';
}

/**
 * Every repository of `org` through GraphQL, 100 a page. A part GitHub refuses for one repository (an error with a
 * path into it) is marked unreadable on that repository, so its checks say so instead of reading the gap as "none".
 */
export async function fetchRepositories(gh: GithubClient, org: string, log: Logger): Promise<CollectedRepositories> {
  const repositories: GithubRepository[] = [];
  const rulesetIds = new Set<string>();
  const pending: Array<{ repo: GithubRepository; collaborators?: string; rules?: string }> = [];
  let after: string | null = null;
  let totalCount: number | undefined;
  const guard = new PageGuard(REPOSITORIES_OPERATION);
  do {
    if (after) guard.page(after);
    const page: { data: RepositoriesPage; errors: GraphqlError[] } = await graphqlQuery<RepositoriesPage>(
      gh,
      REPOSITORIES_OPERATION,
      REPOSITORIES_QUERY,
      { org, after },
    );
    const connection = page.data.organization?.repositories;
    if (!connection)
      throw new CollectorError(
        `GraphQL: organization ${org} not found or not visible to this token`,
        REPOSITORIES_OPERATION,
      );
    if (totalCount === undefined) guard.expect({ items: connection.totalCount, pageSize: 100 });
    totalCount ??= connection.totalCount;
    const unexpected = errorsOutside(page.errors, ['organization', 'repositories', 'nodes']).concat(
      page.errors.filter((e) => (e.path?.length ?? 0) < 5),
    );
    if (unexpected.length > 0)
      throw new CollectorError(
        `GraphQL: ${unexpected[0]!.type ?? 'error'}: ${unexpected[0]!.message}`,
        REPOSITORIES_OPERATION,
      );
    const refused = new Map<number, Set<string>>();
    for (const e of page.errors) {
      const index = e.path![3] as number;
      refused.set(index, (refused.get(index) ?? new Set()).add(unreadablePart(e.path!, 4)));
    }
    (connection.nodes ?? []).forEach((node, index) => {
      if (!node)
        throw new CollectorError(`GraphQL: repository ${index} of a page came back empty`, REPOSITORIES_OPERATION);
      const ruleNodes = present(node.defaultBranchRef?.rules?.nodes);
      for (const r of ruleNodes)
        if (r.repositoryRuleset?.source.__typename === 'Repository') rulesetIds.add(r.repositoryRuleset.id);
      const parts = refused.get(index) ?? new Set<string>();
      const ref = node.defaultBranchRef;
      const protection = ref ? classicProtection(ref, node.viewerPermission) : null;
      if (protection === undefined) parts.add('branchProtectionRule');
      const unreadable = [...parts].sort();
      const repo: GithubRepository = {
        name: node.name,
        isArchived: node.isArchived,
        visibility: node.visibility,
        viewerPermission: node.viewerPermission,
        defaultBranch: ref ? { name: ref.name, protection: protection ?? null, rules: ruleNodes.map(toRule) } : null,
        outsideCollaborators: present(node.collaborators?.edges).map((e) => ({
          login: e.node.login,
          permission: e.permission,
        })),
        ...(unreadable.length > 0 ? { unreadable } : {}),
      };
      repositories.push(repo);
      const collaboratorsAfter = nextCursor(node.collaborators?.pageInfo);
      const rulesAfter = nextCursor(node.defaultBranchRef?.rules?.pageInfo);
      // More pages GitHub gives no cursor for cannot be read: the part is unreadable, not complete.
      const stuck = [
        ...(collaboratorsAfter === null ? ['collaborators'] : []),
        ...(rulesAfter === null ? ['rules'] : []),
      ];
      if (stuck.length > 0) repo.unreadable = [...new Set([...(repo.unreadable ?? []), ...stuck])].sort();
      const more = {
        ...(collaboratorsAfter ? { collaborators: collaboratorsAfter } : {}),
        ...(rulesAfter ? { rules: rulesAfter } : {}),
      };
      if ('collaborators' in more || 'rules' in more) pending.push({ repo, ...more });
    });
    if (page.data.rateLimit) log.debug({ org, ...page.data.rateLimit }, 'GraphQL repositories page');
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    if (connection.pageInfo.hasNextPage && !after) {
      throw new CollectorError(
        `GraphQL: the repositories of ${org} have another page but GitHub gave no cursor for it (read ${repositories.length} of ${connection.totalCount})`,
        REPOSITORIES_OPERATION,
      );
    }
  } while (after);
  if (repositories.length !== totalCount) {
    throw new CollectorError(
      `GraphQL: read ${repositories.length} repositories of ${org} but GitHub reported totalCount ${totalCount}; the list is incomplete or changed while it was read`,
      REPOSITORIES_OPERATION,
    );
  }

  for (const p of pending) await fetchRest(gh, org, p, rulesetIds);
  return { repositories, repositoryRulesetNodeIds: [...rulesetIds].sort() };
}

/** Pages on through one repository's collaborators and rules beyond the first 100. */
async function fetchRest(
  gh: GithubClient,
  org: string,
  p: { repo: GithubRepository; collaborators?: string; rules?: string },
  rulesetIds: Set<string>,
): Promise<void> {
  let { collaborators, rules } = p;
  const collaboratorPages = new PageGuard(`${REPOSITORIES_OPERATION} (collaborators of ${p.repo.name})`);
  const rulePages = new PageGuard(`${REPOSITORIES_OPERATION} (rules of ${p.repo.name})`);
  const stuck = (part: string): undefined => {
    p.repo.unreadable = [...new Set([...(p.repo.unreadable ?? []), part])].sort();
    return undefined;
  };
  while (collaborators !== undefined || rules !== undefined) {
    if (collaborators !== undefined) collaboratorPages.page(collaborators);
    if (rules !== undefined) rulePages.page(rules);
    const { data, errors } = await graphqlQuery<MorePage>(gh, REPOSITORIES_OPERATION, REPOSITORY_MORE_QUERY, {
      org,
      name: p.repo.name,
      collaboratorsAfter: collaborators ?? null,
      rulesAfter: rules ?? null,
      withCollaborators: collaborators !== undefined,
      withRules: rules !== undefined,
    });
    if (errors.length > 0 || !data.repository) {
      p.repo.unreadable = [
        ...new Set([
          ...(p.repo.unreadable ?? []),
          ...(collaborators !== undefined ? ['collaborators'] : []),
          ...(rules !== undefined ? ['rules'] : []),
        ]),
      ].sort();
      return;
    }
    const c = data.repository.collaborators;
    if (collaborators !== undefined && c) {
      p.repo.outsideCollaborators.push(
        ...present(c.edges).map((e) => ({ login: e.node.login, permission: e.permission })),
      );
      collaborators = c.pageInfo.hasNextPage ? (c.pageInfo.endCursor ?? stuck('collaborators')) : undefined;
    } else collaborators = undefined;
    const r = data.repository.defaultBranchRef?.rules;
    if (rules !== undefined && r && p.repo.defaultBranch) {
      const nodes = present(r.nodes);
      for (const n of nodes)
        if (n.repositoryRuleset?.source.__typename === 'Repository') rulesetIds.add(n.repositoryRuleset.id);
      p.repo.defaultBranch.rules.push(...nodes.map(toRule));
      rules = r.pageInfo.hasNextPage ? (r.pageInfo.endCursor ?? stuck('rules')) : undefined;
    } else rules = undefined;
  }
}

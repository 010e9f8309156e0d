import { guardedPages } from './github-pages.js';
import pLimit from 'p-limit';
import type { GithubBypassActor, GithubRuleset } from '../../src/model/datasets/github.js';
import { CollectorError } from '../../src/errors.js';
import type { GithubClient } from './github-client.js';
import { graphqlQuery } from './github-graphql.js';
import { RULESETS_QUERY } from './github-queries.js';

export const RULESETS_OPERATION = 'POST /graphql nodes(RepositoryRuleset)';
/** Ruleset details fetched at once: GitHub asks for no more than a handful of concurrent requests per token. */
const DETAIL_CONCURRENCY = 4;

/** Repository role ids GitHub uses in bypass lists. https://docs.github.com/en/rest/orgs/rules#create-an-organization-repository-ruleset */
const REPOSITORY_ROLES: Record<number, string> = { 1: 'read', 2: 'maintain', 3: 'triage', 4: 'write', 5: 'admin' };

type RestRuleset = {
  id: number;
  name: string;
  target?: string | null;
  source_type?: string;
  source: string;
  enforcement: string;
  bypass_actors?: Array<{ actor_id?: number | null; actor_type: string; bypass_mode?: string }>;
  conditions?: Record<string, unknown> | null;
  rules?: Array<{ type: string; parameters?: Record<string, unknown> }>;
};

/** The pull request rule's parameters the checks judge. */
const REVIEW_PARAMETERS = [
  'required_approving_review_count',
  'dismiss_stale_reviews_on_push',
  'require_last_push_approval',
] as const;

function trimRestRuleset(r: RestRuleset): GithubRuleset {
  return {
    id: r.id,
    name: r.name,
    ...(r.target !== undefined ? { target: r.target } : {}),
    ...(r.source_type ? { source_type: r.source_type } : {}),
    source: r.source,
    enforcement: r.enforcement,
    ...(r.bypass_actors
      ? {
          bypass_actors: r.bypass_actors.map((a) => ({
            actor_type: a.actor_type,
            actor_id: a.actor_id ?? null,
            ...(a.actor_type === 'RepositoryRole' && a.actor_id != null && REPOSITORY_ROLES[a.actor_id]
              ? { name: REPOSITORY_ROLES[a.actor_id] }
              : {}),
            ...(a.bypass_mode ? { bypass_mode: a.bypass_mode } : {}),
          })),
        }
      : {}),
    ...(r.conditions !== undefined ? { conditions: r.conditions } : {}),
    ...(r.rules
      ? {
          rules: r.rules.map((rule) => {
            const kept = Object.fromEntries(
              REVIEW_PARAMETERS.flatMap((k) => {
                const v = rule.parameters?.[k];
                return typeof v === 'number' || typeof v === 'boolean' ? [[k, v]] : [];
              }),
            );
            return { type: rule.type, ...(Object.keys(kept).length > 0 ? { parameters: kept } : {}) };
          }),
        }
      : {}),
  };
}

/**
 * Organization rulesets: the list holds summaries only, so each branch ruleset's details (conditions, rules, bypass
 * actors) take one more request. A summary without `target` (the list does not always carry it) is fetched too:
 * only a ruleset known to target tags or pushes is left out. A plan without organization rulesets has none: GitHub
 * answers "Upgrade…".
 * https://docs.github.com/en/rest/orgs/rules#get-all-organization-repository-rulesets
 */
export async function fetchOrgRulesets(gh: GithubClient, org: string): Promise<GithubRuleset[]> {
  let list: RestRuleset[];
  try {
    list = await gh.paginate(
      'GET /orgs/{org}/rulesets',
      { org, per_page: 100 },
      guardedPages('GET /orgs/{org}/rulesets'),
    );
  } catch (err) {
    const e = err as { status?: number; message?: string };
    if ((e.status === 403 || e.status === 404) && /upgrade/i.test(e.message ?? '')) return [];
    throw err;
  }
  const limit = pLimit(DETAIL_CONCURRENCY);
  return Promise.all(
    list.map((summary) =>
      summary.target === 'branch' || summary.target == null
        ? limit(async () =>
            trimRestRuleset(
              (await gh.request('GET /orgs/{org}/rulesets/{ruleset_id}', { org, ruleset_id: summary.id }))
                .data as RestRuleset,
            ),
          )
        : Promise.resolve(trimRestRuleset(summary)),
    ),
  );
}

interface RulesetNode {
  id: string;
  databaseId: number | null;
  name: string;
  enforcement: string;
  target: string | null;
  source: { __typename: string; name?: string; login?: string };
  bypassActors: { nodes: Array<BypassNode | null> | null } | null;
}
interface BypassNode {
  bypassMode: string | null;
  organizationAdmin: boolean;
  deployKey: boolean;
  repositoryRoleName: string | null;
  repositoryRoleDatabaseId: number | null;
  actor: { __typename: string; slug?: string } | null;
}

function toBypassActor(b: BypassNode): GithubBypassActor {
  const mode = b.bypassMode ? { bypass_mode: b.bypassMode.toLowerCase() } : {};
  if (b.organizationAdmin) return { actor_type: 'OrganizationAdmin', name: 'organization owners', ...mode };
  if (b.deployKey) return { actor_type: 'DeployKey', name: 'deploy keys', ...mode };
  if (b.repositoryRoleName || b.repositoryRoleDatabaseId) {
    return {
      actor_type: 'RepositoryRole',
      actor_id: b.repositoryRoleDatabaseId,
      name: b.repositoryRoleName ?? REPOSITORY_ROLES[b.repositoryRoleDatabaseId ?? 0] ?? 'role',
      ...mode,
    };
  }
  const type = b.actor?.__typename === 'App' ? 'Integration' : (b.actor?.__typename ?? 'unknown');
  return { actor_type: type, ...(b.actor?.slug ? { name: b.actor.slug } : {}), ...mode };
}

/** The repository rulesets named by GraphQL node id, with who may bypass them, 100 per request. */
export async function fetchRepositoryRulesets(gh: GithubClient, nodeIds: readonly string[]): Promise<GithubRuleset[]> {
  const out: GithubRuleset[] = [];
  for (let i = 0; i < nodeIds.length; i += 100) {
    const { data, errors } = await graphqlQuery<{ nodes: Array<RulesetNode | null> }>(
      gh,
      RULESETS_OPERATION,
      RULESETS_QUERY,
      { ids: nodeIds.slice(i, i + 100) },
    );
    if (errors.length > 0)
      throw new CollectorError(`GraphQL: ${errors[0]!.type ?? 'error'}: ${errors[0]!.message}`, RULESETS_OPERATION);
    for (const n of data.nodes) {
      if (!n || n.databaseId === null) continue;
      out.push({
        id: n.databaseId,
        name: n.name,
        target: n.target?.toLowerCase() ?? null,
        source_type: n.source.__typename,
        source: n.source.name ?? n.source.login ?? '',
        enforcement: n.enforcement.toLowerCase(),
        ...(n.bypassActors
          ? {
              bypass_actors: (n.bypassActors.nodes ?? []).filter((b): b is BypassNode => b !== null).map(toBypassActor),
            }
          : {}),
      });
    }
  }
  return out;
}

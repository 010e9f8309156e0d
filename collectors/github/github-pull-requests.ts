import type { Logger } from 'pino';
import { PageGuard } from '../paging/page-guard.js';
import { CollectorError } from '../../src/errors.js';
import type {
  GithubActor,
  GithubPullRequest,
  GithubPullRequests,
} from '../../src/model/datasets/github-pull-requests.js';
import type { GithubClient } from './github-client.js';
import { graphqlQuery, type GraphqlResult } from './github-graphql.js';
import { MERGED_PULL_REQUESTS_QUERY } from './github-queries.js';

export const PULL_REQUESTS_OPERATION = 'POST /graphql search (merged pull requests)';
export const PULL_REQUESTS_CURSOR = 'github.pullRequests';

/**
 * Search returns at most 1,000 results however many match (`issueCount` says how many did).
 * https://docs.github.com/en/graphql/reference/queries#search
 */
export const SEARCH_RESULT_CAP = 1000;
/** A window ends this long before the run: search indexes a merge with a short delay, and the next run starts there. */
export const SEARCH_INDEX_LAG_MS = 60_000;
/** Parts a capped window is cut into aim at this many results each, so an uneven spread rarely needs a second cut. */
const SPLIT_TARGET = 800;
/** Search queries one organization's window may take: a bound on the splitting, far above any real need. */
const MAX_QUERIES = 2000;

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface ActorNode {
  __typename: string;
  login: string;
}
interface PullRequestNode {
  number: number;
  repository: { name: string; defaultBranchRef: { name: string } | null };
  baseRefName: string;
  author: ActorNode | null;
  mergedBy: ActorNode | null;
  mergedAt: string | null;
  headRefOid: string;
  commits: { nodes: Array<{ commit: { oid: string; committedDate: string } } | null> | null };
  reviews: {
    totalCount: number;
    nodes: Array<{
      author: ActorNode | null;
      submittedAt: string | null;
      commit: { oid: string } | null;
    } | null> | null;
  } | null;
}
interface SearchPage {
  rateLimit?: { cost: number; remaining: number; resetAt: string };
  search: { issueCount: number; pageInfo: PageInfo; nodes: Array<PullRequestNode | null> | null };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The window a run reads: from just after the previous run's end (its cursor), else `lookbackDays` back; whole seconds. */
export function pullRequestWindow(
  now: Date,
  lookbackDays: number,
  cursor: string | undefined,
): { from: Date; to: Date } {
  const to = Math.floor((now.getTime() - SEARCH_INDEX_LAG_MS) / 1000);
  const previous = cursor === undefined ? NaN : Math.floor(Date.parse(cursor) / 1000);
  const from = Number.isFinite(previous) ? Math.min(previous + 1, to) : to - lookbackDays * 86_400;
  return { from: new Date(from * 1000), to: new Date(to * 1000) };
}

/** GraphQL names a bot `dependabot`; REST, the UI and configs say `dependabot[bot]`: one spelling is kept. */
function toActor(a: ActorNode | null): GithubActor {
  if (!a) return null;
  const login = a.__typename === 'Bot' && !a.login.endsWith('[bot]') ? `${a.login}[bot]` : a.login;
  return { login, type: a.__typename };
}

function toPullRequest(n: PullRequestNode, org: string): GithubPullRequest {
  const where = `${org}/${n.repository.name}#${n.number}`;
  if (!n.mergedAt)
    throw new CollectorError(`GraphQL: ${where} was found as merged but has no mergedAt`, PULL_REQUESTS_OPERATION);
  const head = (n.commits.nodes ?? []).at(-1)?.commit;
  const approvals = (n.reviews?.nodes ?? [])
    .filter((r) => r !== null)
    .map((r) => ({ author: toActor(r.author), submittedAt: r.submittedAt, commitOid: r.commit?.oid ?? null }));
  const last = approvals.at(-1);
  return {
    repository: n.repository.name,
    number: n.number,
    baseRef: n.baseRefName,
    author: toActor(n.author),
    mergedBy: toActor(n.mergedBy),
    mergedAt: n.mergedAt,
    head: { oid: n.headRefOid, committedDate: head?.oid === n.headRefOid ? head.committedDate : null },
    approvals,
    approvalsTruncated: (n.reviews?.totalCount ?? 0) > approvals.length,
    commitsAfterLastApproval: last?.commitOid ? last.commitOid !== n.headRefOid : null,
  };
}

/**
 * Every pull request of `org` merged in `window` into its repository's default branch, with one org-wide search
 * (never one per repository). A window whose `issueCount` exceeds the 1,000 search returns is cut into equal parts
 * of time and each searched again; a single second over the cap cannot be cut, and fails the read rather than pass
 * over what search would not return. Requests: ⌈N/100⌉ over the windows searched, plus one per window that was cut.
 */
export async function fetchMergedPullRequests(
  gh: GithubClient,
  org: string,
  window: { from: Date; to: Date },
  log: Logger,
): Promise<GithubPullRequests> {
  const pending: Array<[number, number]> = [[window.from.getTime() / 1000, window.to.getTime() / 1000]];
  const found = new Map<string, GithubPullRequest>();
  let otherBranches = 0;
  let queries = 0;
  while (pending.length > 0) {
    const [from, to] = pending.shift()!;
    if (++queries > MAX_QUERIES)
      throw new CollectorError(
        `GraphQL search: the window ${iso(window.from.getTime() / 1000)}..${iso(window.to.getTime() / 1000)} of ${org} took more than ${MAX_QUERIES} searches; stopped`,
        PULL_REQUESTS_OPERATION,
      );
    const query = `org:${org} is:pr is:merged merged:${iso(from)}..${iso(to)}`;
    const guard = new PageGuard(`${PULL_REQUESTS_OPERATION} (${query})`);
    let after: string | null = null;
    let expected = -1;
    let capped = false;
    let read = 0;
    do {
      if (after) guard.page(after);
      const page: GraphqlResult<SearchPage> = await graphqlQuery<SearchPage>(
        gh,
        PULL_REQUESTS_OPERATION,
        MERGED_PULL_REQUESTS_QUERY,
        { q: query, after },
      );
      const [first] = page.errors;
      if (first)
        throw new CollectorError(`GraphQL: ${first.type ?? 'error'}: ${first.message}`, PULL_REQUESTS_OPERATION);
      const search: SearchPage['search'] = page.data.search;
      if (expected < 0) {
        const count = search.issueCount;
        expected = count;
        if (count > SEARCH_RESULT_CAP) {
          if (to <= from)
            throw new CollectorError(
              `GraphQL search: ${count} pull requests of ${org} were merged at ${iso(from)}, more than the ${SEARCH_RESULT_CAP} search returns, and a second cannot be split; the list would be incomplete`,
              PULL_REQUESTS_OPERATION,
            );
          const parts = Math.min(to - from + 1, Math.ceil(count / SPLIT_TARGET));
          const step = (to - from + 1) / parts;
          const cuts = Array.from({ length: parts }, (_, i): [number, number] => [
            from + Math.round(i * step),
            i === parts - 1 ? to : from + Math.round((i + 1) * step) - 1,
          ]);
          log.debug({ org, query, issueCount: count, parts }, 'search window over the cap: split');
          pending.unshift(...cuts);
          capped = true;
          break;
        }
        // Pages as long as the first one came back (GitHub may return fewer than asked): the bound stays a bound.
        guard.expect({ items: count, pageSize: Math.max(1, search.nodes?.length ?? 0) });
      }
      for (const node of search.nodes ?? []) {
        if (!node?.repository)
          throw new CollectorError(`GraphQL search: a result of ${query} came back empty`, PULL_REQUESTS_OPERATION);
        read++;
        if (node.baseRefName !== node.repository.defaultBranchRef?.name) {
          otherBranches++;
          continue;
        }
        const pr = toPullRequest(node, org);
        found.set(`${pr.repository}#${pr.number}`, pr);
      }
      if (page.data.rateLimit) log.debug({ org, ...page.data.rateLimit }, 'GraphQL search page');
      after = search.pageInfo.hasNextPage ? search.pageInfo.endCursor : null;
      if (search.pageInfo.hasNextPage && !after)
        throw new CollectorError(
          `GraphQL search: ${query} has another page but GitHub gave no cursor for it`,
          PULL_REQUESTS_OPERATION,
        );
    } while (after);
    if (!capped && read !== expected)
      throw new CollectorError(
        `GraphQL search: read ${read} of the ${expected} pull requests ${query} reported; the list is incomplete`,
        PULL_REQUESTS_OPERATION,
      );
  }
  const pullRequests = [...found.values()].sort(
    (a, b) => a.mergedAt.localeCompare(b.mergedAt) || a.repository.localeCompare(b.repository) || a.number - b.number,
  );
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    pullRequests,
    otherBranches,
    windows: queries,
  };
}

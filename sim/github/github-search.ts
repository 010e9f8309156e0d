import { GraphQLError } from 'graphql';
import { connection } from './github-graphql-model.js';
import type { SimActor, SimPullRequest } from './github-pulls-state.js';
import type { GithubState } from './github-state.js';

type Obj = Record<string, unknown>;
type Args = Record<string, unknown>;

/**
 * Search returns at most 1,000 results; `issueCount` still says how many matched.
 * https://docs.github.com/en/rest/search/search#about-search
 */
export const SEARCH_RESULT_CAP = 1000;

const invalid = (message: string) => new GraphQLError(message, { extensions: { type: 'INVALID' } });

/** `merged:A..B` bounds, both inclusive, to the second; a bare date covers its whole day. */
function range(value: string): [number, number] {
  const [a, b] = value.split('..');
  const at = (s: string | undefined, end: boolean): number => {
    if (s === undefined || s === '*') return end ? Infinity : -Infinity;
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) throw invalid(`Invalid search query: '${s}' is not a date or time`);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && end ? ms + 86_399_000 : ms;
  };
  return [at(a, false), at(b, true)];
}

/** The qualifiers assay sends; anything else would mean the collector changed and this simulator did not. */
function parseQuery(q: string): { org: string; merged: [number, number] } {
  let org: string | undefined;
  let merged: [number, number] = [-Infinity, Infinity];
  const flags = new Set<string>();
  for (const term of q.trim().split(/\s+/)) {
    const [key, ...rest] = term.split(':');
    const value = rest.join(':');
    if (key === 'org') org = value;
    else if (key === 'is') flags.add(value);
    else if (key === 'merged') merged = range(value);
    else throw invalid(`the simulator does not support the search term '${term}'`);
  }
  if (!org || !flags.has('pr') || !flags.has('merged'))
    throw invalid(`the simulator answers only 'org:ORG is:pr is:merged [merged:FROM..TO]', not '${q}'`);
  return { org, merged };
}

/** GraphQL spells a bot's login without REST's `[bot]` suffix. */
const actorNode = (a: SimActor | null): Obj | null =>
  a === null ? null : a.kind === 'Bot' ? { __typename: 'Bot', login: a.login } : { __typename: 'User', login: a.login };

function pullRequestNode(state: GithubState, org: string, pr: SimPullRequest): Obj {
  const repo = state.code[org]?.repos.find((r) => r.name === pr.repo);
  const commit = (c: { oid: string; committedDate: string }): Obj => ({
    __typename: 'Commit',
    oid: c.oid,
    committedDate: c.committedDate,
    // Deprecated and no longer served by GitHub.
    pushedDate: null,
  });
  return {
    __typename: 'PullRequest',
    id: `PR_${Buffer.from(`${org}/${pr.repo}#${pr.number}`).toString('base64url')}`,
    number: pr.number,
    merged: true,
    state: 'MERGED',
    repository: {
      __typename: 'Repository',
      name: pr.repo,
      nameWithOwner: `${org}/${pr.repo}`,
      defaultBranchRef: repo?.defaultBranch ? { __typename: 'Ref', name: repo.defaultBranch } : null,
    },
    baseRefName: pr.baseRef,
    author: actorNode(pr.author),
    mergedBy: actorNode(pr.mergedBy),
    mergedAt: pr.mergedAt,
    headRefOid: pr.commits.at(-1)!.oid,
    commits: (args: Args) =>
      connection(pr.commits, args, (c) => ({ __typename: 'PullRequestCommit', commit: commit(c) })),
    reviews: (args: Args) => {
      const states = Array.isArray(args.states) ? (args.states as string[]) : undefined;
      const list = pr.reviews.filter((r) => !states || states.includes(r.state));
      return connection(list, args, (r) => ({
        __typename: 'PullRequestReview',
        author: actorNode(r.author),
        state: r.state,
        submittedAt: r.submittedAt,
        commit: commit(
          pr.commits.find((c) => c.oid === r.commitOid) ?? { oid: r.commitOid, committedDate: pr.mergedAt },
        ),
      }));
    },
  };
}

/**
 * GraphQL `search(type: ISSUE)` over the merged pull requests of `state`, as `viewer` may see them (non-members: public
 * repositories only). Like GitHub, it reports every match in `issueCount` but pages through the first 1,000 only.
 */
export function searchResolver(state: GithubState, viewer: { login: string }) {
  return (args: Args): Obj => {
    if (args.type !== 'ISSUE') throw invalid(`the simulator searches only type ISSUE, not ${String(args.type)}`);
    const { org, merged } = parseQuery(String(args.query));
    const o = state.orgs.find((x) => x.login.toLowerCase() === org.toLowerCase());
    const member = o?.members.some((m) => m.login === viewer.login) ?? false;
    const repos = new Map((o ? (state.code[o.login]?.repos ?? []) : []).map((r) => [r.name, r]));
    const matches = (o ? (state.pulls[o.login] ?? []) : [])
      .filter((pr) => member || repos.get(pr.repo)?.visibility === 'public')
      .filter((pr) => {
        const t = Date.parse(pr.mergedAt);
        return t >= merged[0] && t <= merged[1];
      })
      .sort((a, b) => b.mergedAt.localeCompare(a.mergedAt) || a.repo.localeCompare(b.repo) || b.number - a.number);
    const { totalCount: _ignored, ...page } = connection(matches.slice(0, SEARCH_RESULT_CAP), args, (pr) =>
      pullRequestNode(state, o!.login, pr),
    );
    return { ...page, issueCount: matches.length, codeCount: 0, repositoryCount: 0, userCount: 0, wikiCount: 0 };
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGithub } from '../../sim/github/generate-github.js';
import { githubPullsTruth } from '../../sim/github/github-pulls-truth.js';
import { SEARCH_RESULT_CAP } from '../../sim/github/github-search.js';
import { startGithubSim, type GithubSim } from '../../sim/github/github-sim.js';
import type { GithubState } from '../../sim/github/github-state.js';
import { Random } from '../../sim/random.js';

const QUERY = `query($q: String!, $after: String) {
  search(type: ISSUE, query: $q, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { ... on PullRequest { number mergedAt author { __typename login } } }
  }
}`;

interface SearchAnswer {
  data?: {
    search: {
      issueCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{ number: number; author: { __typename: string; login: string } | null }>;
    };
  };
  errors?: Array<{ message: string }>;
}

describe('GraphQL search in the simulated GitHub', () => {
  let state: GithubState;
  let sim: GithubSim;
  let org: string;
  const search = async (q: string, after: string | null = null): Promise<SearchAnswer> => {
    const res = await fetch(`${sim.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `bearer ${sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { q, after } }),
    });
    return (await res.json()) as SearchAnswer;
  };

  beforeAll(async () => {
    state = generateGithub(new Random(3), { orgs: 2, membersPerOrg: 10, reposPerOrg: 12 });
    org = state.orgs[0]!.login;
    sim = await startGithubSim(state);
  });
  afterAll(() => sim.server.close());

  it('plants every kind of unreviewed merge in the first organization, and only those count as violations', () => {
    const kinds = state.pulls[org]!.map((p) => p.kind);
    for (const k of [
      'self-merged',
      'approved-by-author',
      'approved-after-merge',
      'pushed-after-approval',
      'dependabot',
    ])
      expect(kinds, k).toContain(k);
    const truth = githubPullsTruth(state)['github-prs-reviewed-before-merge']!;
    const flagged = new Set(truth.filter((t) => t.scopeId === org).map((t) => t.resourceId));
    const planted = state.pulls[org]!.filter((p) =>
      ['self-merged', 'approved-by-author', 'approved-after-merge', 'pushed-after-approval'].includes(p.kind),
    );
    expect([...flagged].sort()).toEqual(planted.map((p) => `${p.repo}#${p.number}`).sort());
  });

  it('finds merged pull requests by merge time, names bots as GraphQL does, and deleted authors as null', async () => {
    const all = await search(`org:${org} is:pr is:merged`);
    expect(all.data!.search.issueCount).toBe(state.pulls[org]!.length);
    const bot = all.data!.search.nodes.find((n) => n.author?.__typename === 'Bot');
    expect(bot!.author!.login).toBe('dependabot');
    expect(all.data!.search.nodes.some((n) => n.author === null)).toBe(true);
    const old = state.pulls[org]!.find((p) => p.kind === 'outside-window')!;
    const window = await search(`org:${org} is:pr is:merged merged:${old.mergedAt}..${old.mergedAt}`);
    expect(window.data!.search.nodes.map((n) => n.number)).toEqual([old.number]);
  });

  it('counts every match in issueCount but returns no more than the first 1,000', async () => {
    const template = state.pulls[org]![0]!;
    const before = state.pulls[org]!;
    state.pulls[org] = Array.from({ length: 1250 }, (_, i) => ({ ...template, number: 5000 + i }));
    try {
      let after: string | null = null;
      let read = 0;
      let issueCount = 0;
      for (let page = 0; page < 20; page++) {
        const answer: SearchAnswer = await search(`org:${org} is:pr is:merged`, after);
        issueCount = answer.data!.search.issueCount;
        read += answer.data!.search.nodes.length;
        after = answer.data!.search.pageInfo.hasNextPage ? answer.data!.search.pageInfo.endCursor : null;
        if (!after) break;
      }
      expect(issueCount).toBe(1250);
      expect(read).toBe(SEARCH_RESULT_CAP);
    } finally {
      state.pulls[org] = before;
    }
  });

  it('refuses a search term it does not implement, instead of ignoring it', async () => {
    const answer = await search(`org:${org} is:pr is:merged review:none`);
    expect(answer.errors?.[0]?.message).toBe("the simulator does not support the search term 'review:none'");
  });
});

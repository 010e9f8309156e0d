import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { githubCollector } from '../../../collectors/github/github-collector.js';
import {
  fetchMergedPullRequests,
  PULL_REQUESTS_CURSOR,
  PULL_REQUESTS_OPERATION,
  pullRequestWindow,
  SEARCH_INDEX_LAG_MS,
} from '../../../collectors/github/github-pull-requests.js';
import type { GithubClient } from '../../../collectors/github/github-client.js';
import { CollectorError } from '../../../src/errors.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { runCollectors } from '../../../src/engine/run-collectors.js';
import type { GithubPullRequests } from '../../../src/model/datasets/github-pull-requests.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { generateGithub } from '../../../sim/github/generate-github.js';
import type { SimPullRequest } from '../../../sim/github/github-pulls-state.js';
import { startGithubSim, type GithubSim } from '../../../sim/github/github-sim.js';
import type { GithubState } from '../../../sim/github/github-state.js';
import { Random } from '../../../sim/random.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('the window of merged pull requests a run reads', () => {
  const now = new Date('2026-11-23T12:00:30.500Z');
  it('starts a first run lookbackDays back and ends a minute before the run, in whole seconds', () => {
    const w = pullRequestWindow(now, 30, undefined);
    expect(w.to.toISOString()).toBe(
      new Date(Math.floor((now.getTime() - SEARCH_INDEX_LAG_MS) / 1000) * 1000).toISOString(),
    );
    expect(w.to.toISOString()).toBe('2026-11-23T11:59:30.000Z');
    expect(w.from.toISOString()).toBe('2026-10-24T11:59:30.000Z');
  });
  it('resumes a second after where the previous run ended, and ignores a cursor that is not a time', () => {
    expect(pullRequestWindow(now, 30, '2026-11-22T08:00:00.000Z').from.toISOString()).toBe('2026-11-22T08:00:01.000Z');
    expect(pullRequestWindow(now, 30, 'garbage').from.toISOString()).toBe('2026-10-24T11:59:30.000Z');
  });
});

describe('merged pull requests from the simulated GitHub', () => {
  let state: GithubState;
  let sim: GithubSim;
  let org: string;
  let cursors: Record<string, string> | undefined;

  const collect = async (cursor?: string): Promise<Snapshot> => {
    const config = parseConfig(
      `version: 1\nsources:\n  github:\n    baseUrl: ${sim.baseUrl}\n    auth: { token: { env: GH } }\n    orgs: [${org}]\n    retries: 0\n    requestTimeoutSeconds: 20\n`,
      'assay.yaml',
      { GH: sim.token },
    );
    const { snapshots, runs } = await runCollectors({
      jobs: [{ collector: githubCollector, config: config.sources.github }],
      concurrency: 1,
      timeoutMs: 60_000,
      log: pino({ level: 'silent' }),
      now: () => new Date(),
      resolveSecret: config.resolveSecret,
      ...(cursor ? { previousCursors: { github: { [`github-org:${org}`]: { [PULL_REQUESTS_CURSOR]: cursor } } } } : {}),
      onSnapshot: async () => {},
    });
    const snap = snapshots[0]!;
    cursors = runs[0]!.cursors[`github-org:${org}`];
    if (snap.data['github.pullRequests'])
      expect(runs[0]!.cursors[`github-org:${org}`]![PULL_REQUESTS_CURSOR]).toBe(
        (snap.data['github.pullRequests'] as GithubPullRequests).to,
      );
    return snap;
  };
  const searchRequests = (s: Snapshot) => s.calls.find((c) => c.operation === PULL_REQUESTS_OPERATION)!.requests;
  const prs = (s: Snapshot) => s.data['github.pullRequests'] as GithubPullRequests;

  beforeAll(async () => {
    state = generateGithub(new Random(5), { orgs: 1, membersPerOrg: 10, reposPerOrg: 12 });
    org = state.orgs[0]!.login;
    sim = await startGithubSim(state);
  });
  afterAll(() => sim.server.close());

  it('reads the planted pull requests with one org-wide search, as GitHub names their actors', async () => {
    const snap = await collect();
    expect(snap.missing).toEqual({});
    const data = prs(snap);
    const sim30 = state.pulls[org]!.filter((p) => p.kind !== 'outside-window');
    const kinds = new Map(sim30.map((p) => [`${p.repo}#${p.number}`, p.kind]));
    expect(data.pullRequests.map((p) => `${p.repository}#${p.number}`).sort()).toEqual(
      sim30
        .filter((p) => p.kind !== 'other-branch')
        .map((p) => `${p.repo}#${p.number}`)
        .sort(),
    );
    expect(data.otherBranches).toBe(1);
    expect(data.windows).toBe(1);
    expect(searchRequests(snap)).toBe(1);
    const byKind = (k: string) => data.pullRequests.find((p) => kinds.get(`${p.repository}#${p.number}`) === k)!;
    expect(byKind('dependabot').author).toEqual({ login: 'dependabot[bot]', type: 'Bot' });
    expect(byKind('ghost-author').author).toBeNull();
    expect(byKind('self-merged')).toMatchObject({ approvals: [], commitsAfterLastApproval: null });
    expect(byKind('self-merged').mergedBy).toEqual(byKind('self-merged').author);
    expect(byKind('pushed-after-approval').commitsAfterLastApproval).toBe(true);
    expect(byKind('ordinary')).toMatchObject({ commitsAfterLastApproval: false, approvalsTruncated: false });
    expect(byKind('ordinary').head.committedDate).not.toBeNull();
  });

  it('resumes from the previous cursor: only what was merged since is read', async () => {
    const latest = state.pulls[org]!.map((p) => p.mergedAt)
      .sort()
      .at(-1)!;
    const snap = await collect(new Date(Date.parse(latest) - 1000).toISOString());
    const since = state.pulls[org]!.filter((p) => p.mergedAt === latest && p.kind !== 'other-branch');
    expect(since.length).toBeGreaterThan(0);
    expect(
      prs(snap)
        .pullRequests.map((p) => `${p.repository}#${p.number}`)
        .sort(),
    ).toEqual(since.map((p) => `${p.repo}#${p.number}`).sort());
  });

  it('splits a window whose results exceed the 1,000 search returns, and reads every pull request', async () => {
    const now = Date.now();
    const template = state.pulls[org]!.find((p) => p.kind === 'ordinary')!;
    const extra: SimPullRequest[] = Array.from({ length: 2500 }, (_, i) => ({
      ...template,
      number: 10_000 + i,
      // Bunched: half of them within two days, so equal cuts of time are uneven.
      mergedAt: iso(now - 3_600_000 - (i % 2 === 0 ? (i % 1000) * 60_000 : (i * 9 * DAY) / 2500)),
      kind: 'bulk',
    }));
    const before = state.pulls[org]!;
    state.pulls[org] = [...before, ...extra];
    try {
      const snap = await collect();
      expect(snap.missing).toEqual({});
      const data = prs(snap);
      expect(data.pullRequests.filter((p) => p.number >= 10_000)).toHaveLength(2500);
      expect(data.windows).toBeGreaterThan(1);
      // The budget: ⌈N/100⌉ pages over the windows searched, plus one wasted first page per window that was cut.
      const n = data.pullRequests.length + data.otherBranches;
      expect(searchRequests(snap)).toBeLessThanOrEqual(Math.ceil(n / 100) + data.windows);
      expect(searchRequests(snap)).toBeGreaterThanOrEqual(Math.ceil(n / 100));
      console.info(`search: ${n} merged pull requests in ${data.windows} searches, ${searchRequests(snap)} requests`);
    } finally {
      state.pulls[org] = before;
    }
  }, 60_000);

  it('is an error naming the search when more than 1,000 were merged within one second', async () => {
    const template = state.pulls[org]!.find((p) => p.kind === 'ordinary')!;
    const second = iso(Date.now() - 2 * 3_600_000);
    const before = state.pulls[org]!;
    state.pulls[org] = [
      ...before,
      ...Array.from({ length: 1001 }, (_, i) => ({ ...template, number: 20_000 + i, mergedAt: second })),
    ];
    try {
      const snap = await collect();
      expect(snap.data['github.pullRequests']).toBeUndefined();
      // The window was not read whole: the next run reads it again.
      expect(cursors?.[PULL_REQUESTS_CURSOR]).toBeUndefined();
      expect(snap.missing['github.pullRequests']).toMatchObject({
        kind: 'error',
        operation: PULL_REQUESTS_OPERATION,
        message: expect.stringMatching(
          new RegExp(`^GraphQL search: 1001 pull requests of ${org} were merged at ${second}, more than the 1000`),
        ) as unknown,
      });
    } finally {
      state.pulls[org] = before;
    }
  }, 60_000);
});

describe('a search that GitHub answers badly', () => {
  const window = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') };
  const log = pino({ level: 'silent' });
  const client = (answer: () => unknown) =>
    ({ graphql: () => Promise.resolve().then(answer) }) as unknown as GithubClient;

  it('fails, naming the search, when GitHub returns errors next to the results', async () => {
    const gh = client(() => {
      throw Object.assign(new Error('partial'), {
        data: { search: { issueCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } },
        errors: [{ type: 'SERVICE_UNAVAILABLE', message: 'Something went wrong while executing your query.' }],
      });
    });
    const err = await fetchMergedPullRequests(gh, 'acme', window, log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectorError);
    expect(err).toMatchObject({
      operation: PULL_REQUESTS_OPERATION,
      message: 'GraphQL: SERVICE_UNAVAILABLE: Something went wrong while executing your query.',
    });
  });

  it('fails when fewer results come back than issueCount announced', async () => {
    const gh = client(() => ({
      search: { issueCount: 3, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
    }));
    await expect(fetchMergedPullRequests(gh, 'acme', window, log)).rejects.toThrow(
      'GraphQL search: read 0 of the 3 pull requests org:acme is:pr is:merged merged:2026-11-01T00:00:00Z..2026-11-02T00:00:00Z reported; the list is incomplete',
    );
  });
});

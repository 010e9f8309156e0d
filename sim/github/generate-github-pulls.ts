import type { Random } from '../random.js';
import { activeBranchRules, defaultBranchGuarded } from './github-branch-rules.js';
import type { SimOrgCode, SimRepo } from './github-code-state.js';
import type { SimActor, SimPullRequest, SimReview } from './github-pulls-state.js';
import type { GithubState } from './github-state.js';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Whether any source of the default branch asks for the most recent push to be approved by someone else. */
export function requiresLastPushApproval(code: SimOrgCode, repo: SimRepo): boolean {
  return (
    repo.protection?.requireLastPushApproval === true ||
    activeBranchRules(code, repo).some((r) => r.rule.type === 'pull_request' && r.rule.requireLastPushApproval)
  );
}

/**
 * Merged pull requests for every organization, dated against `now` (1 hour to 25 days ago, inside a first run's
 * 30-day lookback, except one 45 days old; the planted ones and their exempt or allowed look-alikes about a minute
 * ago). Ordinary ones are approved by another member on the merged head. Planted
 * in the first organization (and drawn in the others): one merged by its author without review, one approved only by
 * its author (GitHub refuses that today; data from older GHES or imports can hold it), one approved only after it was
 * merged, and one with commits after the last approval on a branch that requires the last push approved. Not
 * violations: a dependabot PR (exempt by default), commits after approval where the rule does not ask, a PR by a
 * deleted account approved by a member, one merged into another branch, and one older than the window.
 */
export function generateGithubPulls(rng: Random, state: GithubState, now: Date): Record<string, SimPullRequest[]> {
  const out: Record<string, SimPullRequest[]> = {};
  state.orgs.forEach((org, index) => {
    const o = rng.fork(org.login);
    const code = state.code[org.login];
    const repos = (code?.repos ?? []).filter((r) => !r.archived && r.defaultBranch !== null);
    if (!code || repos.length === 0) return;
    const people = org.members.map((m): SimActor => ({ login: m.login, kind: 'User' }));
    const numbers = new Map<string, number>();
    const pulls: SimPullRequest[] = [];
    const oid = () => o.hex(40);
    const add = (
      kind: string,
      repo: SimRepo,
      opts: {
        ageSeconds?: number;
        author?: SimActor | null;
        mergedBy?: SimActor | null;
        base?: string;
        reviews?: (ctx: {
          author: SimActor | null;
          other: SimActor;
          merged: number;
          head: string;
          earlier: string;
        }) => SimReview[];
        pushedAfterApproval?: boolean;
      } = {},
    ) => {
      const number = (numbers.get(repo.name) ?? o.between(1, 400)) + 1;
      numbers.set(repo.name, number);
      const merged = now.getTime() - (opts.ageSeconds ?? o.between(3600, 25 * 86_400)) * 1000;
      const author = opts.author === undefined ? o.pick(people) : opts.author;
      const other = o.pick(people.filter((p) => p.login !== author?.login));
      const earlier = oid();
      const head = oid();
      const commits = [
        { oid: earlier, committedDate: iso(merged - o.between(120, 600) * MINUTE) },
        { oid: head, committedDate: iso(merged - o.between(5, 100) * MINUTE) },
      ];
      const approve = (by: SimActor | null, at: number, commitOid = head): SimReview => ({
        author: by,
        state: 'APPROVED',
        submittedAt: iso(at),
        commitOid,
      });
      const reviews = opts.reviews
        ? opts.reviews({ author, other, merged, head, earlier })
        : [approve(other, merged - o.between(1, 90) * MINUTE)];
      pulls.push({
        repo: repo.name,
        number,
        baseRef: opts.base ?? repo.defaultBranch!,
        author,
        mergedBy: opts.mergedBy === undefined ? o.pick([author ?? other, other]) : opts.mergedBy,
        mergedAt: iso(merged),
        commits,
        reviews,
        kind,
      });
    };
    const at = (ms: number, by: SimActor | null, commitOid: string): SimReview => ({
      author: by,
      state: 'APPROVED',
      submittedAt: iso(ms),
      commitOid,
    });
    // Merged a minute before the simulator started: inside the window of a run that follows another by seconds
    // (the demo's second run), whose search starts where the first one's ended, a minute before it began.
    const recent = () => 61 + o.int(3);
    for (let i = 12 + o.int(10); i > 0; i--) add('ordinary', o.pick(repos));
    add('approved-after-comments', o.pick(repos), {
      reviews: ({ other, merged, head }) => [
        { author: other, state: 'CHANGES_REQUESTED', submittedAt: iso(merged - 200 * MINUTE), commitOid: head },
        at(merged - 20 * MINUTE, other, head),
      ],
    });
    add('ghost-author', o.pick(repos), { author: null });
    add('dependabot', o.pick(repos), {
      ageSeconds: recent(),
      author: { login: 'dependabot', kind: 'Bot' },
      reviews: () => [],
    });
    add('other-branch', o.pick(repos), { base: 'release/1.x', reviews: () => [] });
    add('outside-window', o.pick(repos), { ageSeconds: 45 * 86_400, reviews: () => [] });
    const loose = repos.filter((r) => !requiresLastPushApproval(code, r));
    if (loose.length > 0)
      add('pushed-after-approval-allowed', o.pick(loose), {
        ageSeconds: recent(),
        reviews: ({ other, merged, earlier }) => [at(merged - 30 * MINUTE, other, earlier)],
      });
    const plant = (p = 0.5) => index === 0 || o.chance(p);
    if (plant()) {
      const who = o.pick(people);
      add('self-merged', o.pick(repos), { ageSeconds: recent(), author: who, mergedBy: who, reviews: () => [] });
    }
    if (plant())
      add('approved-by-author', o.pick(repos), {
        ageSeconds: recent(),
        reviews: ({ author, merged, head }) => [at(merged - 10 * MINUTE, author, head)],
      });
    if (plant())
      add('approved-after-merge', o.pick(repos), {
        ageSeconds: recent(),
        reviews: ({ other, merged, head }) => [at(merged + 30_000, other, head)],
      });
    const strict = repos.filter((r) => defaultBranchGuarded(code, r) && requiresLastPushApproval(code, r));
    if (strict.length > 0 && plant())
      add('pushed-after-approval', o.pick(strict), {
        ageSeconds: recent(),
        reviews: ({ other, merged, earlier }) => [at(merged - 45 * MINUTE, other, earlier)],
      });
    out[org.login] = pulls;
  });
  return out;
}

import type { GroundTruth } from '../ground-truth.js';
import { requiresLastPushApproval } from './generate-github-pulls.js';
import type { SimPullRequest } from './github-pulls-state.js';
import type { GithubState } from './github-state.js';

/** The review check's defaults: authors exempt, and a first run's lookback. */
export const EXEMPT_PR_AUTHORS = ['dependabot[bot]', 'renovate[bot]'];
export const PR_LOOKBACK_DAYS = 30;

const login = (a: SimPullRequest['author']) => (a === null ? null : a.kind === 'Bot' ? `${a.login}[bot]` : a.login);

/**
 * Pull requests a first run must flag: merged into the default branch within the lookback, by an author not exempt,
 * without an approval by someone else before the merge, or (where the branch requires the last push approved) with a
 * merged head other than the commit the last such approval was given on.
 */
export function githubPullsTruth(state: GithubState, now: Date = new Date()): GroundTruth {
  const since = now.getTime() - PR_LOOKBACK_DAYS * 86_400_000;
  return {
    'github-prs-reviewed-before-merge': state.orgs.flatMap((o) => {
      const code = state.code[o.login];
      return (state.pulls[o.login] ?? [])
        .filter((pr) => {
          const repo = code?.repos.find((r) => r.name === pr.repo);
          if (!code || !repo || pr.baseRef !== repo.defaultBranch || Date.parse(pr.mergedAt) < since) return false;
          const author = login(pr.author);
          if (author !== null && EXEMPT_PR_AUTHORS.includes(author)) return false;
          const valid = pr.reviews.filter(
            (r) =>
              r.state === 'APPROVED' &&
              Date.parse(r.submittedAt) <= Date.parse(pr.mergedAt) &&
              login(r.author) !== author,
          );
          if (valid.length === 0) return true;
          return requiresLastPushApproval(code, repo) && valid.at(-1)!.commitOid !== pr.commits.at(-1)!.oid;
        })
        .map((pr) => ({ scopeId: o.login, resourceId: `${pr.repo}#${pr.number}` }));
    }),
  };
}

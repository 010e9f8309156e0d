import type { Random } from '../random.js';
import type { SimBranchProtection, SimRepo, SimRuleset } from './github-code-state.js';

/** How a repository's default branch is guarded; the generator plants each kind, the truth derives from the result. */
export type Guard =
  | 'classic'
  | 'classic-no-review'
  | 'classic-force-push'
  | 'org-ruleset'
  | 'repo-ruleset'
  | 'classic-review-repo-nff'
  | 'org-ruleset-evaluate'
  | 'repo-ruleset-evaluate'
  | 'classic-stale-reviews'
  | 'repo-ruleset-no-last-push'
  | 'classic-bypass'
  | 'none'
  | 'empty';
export const PLANTED: readonly Guard[] = [
  'classic-no-review',
  'classic-force-push',
  'org-ruleset-evaluate',
  'repo-ruleset-evaluate',
  'none',
  'empty',
  'org-ruleset',
  'repo-ruleset',
  'classic-review-repo-nff',
  'classic-stale-reviews',
  'repo-ruleset-no-last-push',
  'classic-bypass',
];
export const DRAWN: readonly Guard[] = [
  'classic',
  'classic',
  'classic',
  'org-ruleset',
  'org-ruleset',
  'repo-ruleset',
  'classic-review-repo-nff',
  'none',
  'classic-no-review',
  'empty',
];

/** A review rule no later push can get around: stale approvals dismissed, the last push approved by someone else. */
const REVIEWS_HOLD = { dismissesStaleReviews: true, requireLastPushApproval: true } as const;

function protection(rng: Random, branch: string, over: Partial<SimBranchProtection> = {}): SimBranchProtection {
  return {
    pattern: branch,
    requiresApprovingReviews: true,
    requiredApprovingReviewCount: rng.between(1, 2),
    isAdminEnforced: rng.chance(0.5),
    allowsForcePushes: false,
    dismissesStaleReviews: rng.chance(0.5),
    requireLastPushApproval: rng.chance(0.3),
    requiresCodeOwnerReviews: rng.chance(0.3),
    bypassPullRequestAllowances: [],
    ...over,
  };
}

/** Gives `repo` the classic protection or repository ruleset its guard stands for (organization rulesets go by name). */
export function guardRepo(
  rng: Random,
  repo: SimRepo,
  guard: Guard,
  ruleset: (o: Partial<SimRuleset> & Pick<SimRuleset, 'name' | 'source' | 'sourceName'>) => SimRuleset,
): void {
  const branch = repo.defaultBranch ?? 'main';
  const repoRuleset = (over: Partial<SimRuleset> = {}) =>
    ruleset({
      name: `${repo.name} default branch`,
      source: 'Repository',
      sourceName: repo.name,
      bypass: [{ actorType: 'RepositoryRole', actorId: 5, bypassMode: 'pull_request' }],
      ...over,
    });
  switch (guard) {
    case 'classic':
      repo.protection = protection(rng, branch, REVIEWS_HOLD);
      break;
    case 'classic-stale-reviews':
      repo.protection = protection(rng, branch, { ...REVIEWS_HOLD, dismissesStaleReviews: false });
      break;
    case 'classic-bypass':
      repo.protection = protection(rng, branch, {
        ...REVIEWS_HOLD,
        bypassPullRequestAllowances: [
          { kind: 'Team', name: 'release-managers' },
          { kind: 'App', name: 'deploy-bot' },
        ],
      });
      break;
    case 'repo-ruleset-no-last-push':
      repo.rulesets = [
        repoRuleset({
          rules: [
            { type: 'pull_request', requiredApprovingReviewCount: 1, dismissStaleReviewsOnPush: true },
            { type: 'non_fast_forward' },
          ],
        }),
      ];
      break;
    case 'classic-no-review':
      repo.protection = protection(rng, branch, { requiresApprovingReviews: false, requiredApprovingReviewCount: 0 });
      break;
    case 'classic-force-push':
      repo.protection = protection(rng, branch, { allowsForcePushes: true });
      break;
    case 'repo-ruleset':
      repo.rulesets = [repoRuleset()];
      break;
    case 'classic-review-repo-nff':
      repo.protection = protection(rng, branch, { ...REVIEWS_HOLD, allowsForcePushes: true, isAdminEnforced: false });
      repo.rulesets = [repoRuleset({ name: `${repo.name} no force pushes`, rules: [{ type: 'non_fast_forward' }] })];
      break;
    case 'repo-ruleset-evaluate':
      repo.rulesets = [repoRuleset({ enforcement: 'evaluate' })];
      break;
    default:
      break; // org-ruleset and org-ruleset-evaluate come from the name; none and empty have nothing
  }
}

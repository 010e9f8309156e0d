import type { SimOrgCode, SimRepo, SimRuleset, SimRulesetRule } from './github-code-state.js';

const globToRegExp = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

/** Whether a ruleset targets the default branch of `repo` (GitHub's fnmatch patterns, `~ALL`, `~DEFAULT_BRANCH`). */
export function rulesetTargets(rs: SimRuleset, repo: SimRepo): boolean {
  if (repo.defaultBranch === null) return false;
  const ref = `refs/heads/${repo.defaultBranch}`;
  const refOk = rs.refInclude.some((p) => p === '~ALL' || p === '~DEFAULT_BRANCH' || globToRegExp(p).test(ref));
  if (!refOk) return false;
  if (rs.source === 'Repository') return true;
  const nameOk = (p: string) => p === '~ALL' || globToRegExp(p).test(repo.name);
  return rs.repoInclude.some(nameOk) && !rs.repoExclude.some(nameOk);
}

/**
 * What GraphQL `Ref.rules` lists for a default branch: the rules of active repository and organization rulesets
 * that target it. https://docs.github.com/en/graphql/reference/objects#ref
 */
export function activeBranchRules(
  code: SimOrgCode,
  repo: SimRepo,
): Array<{ rule: SimRulesetRule; ruleset: SimRuleset }> {
  return [...repo.rulesets, ...code.rulesets]
    .filter((rs) => rs.enforcement === 'active' && rulesetTargets(rs, repo))
    .flatMap((ruleset) => ruleset.rules.map((rule) => ({ rule, ruleset })));
}

/**
 * Whether the default branch needs an approving review that a later push cannot outlive (stale approvals dismissed,
 * the most recent push approved by someone else) and refuses force pushes, all sources combined: the strictest wins.
 */
export function defaultBranchGuarded(code: SimOrgCode, repo: SimRepo): boolean {
  const rules = activeBranchRules(code, repo).map((r) => r.rule);
  const p = repo.protection;
  const classicReviews = p?.requiresApprovingReviews ? p : undefined;
  const pullRequests = rules.filter((r) => r.type === 'pull_request');
  const approvals = Math.max(
    classicReviews?.requiredApprovingReviewCount ?? 0,
    ...pullRequests.map((r) => r.requiredApprovingReviewCount ?? 0),
  );
  const stale = classicReviews?.dismissesStaleReviews === true || pullRequests.some((r) => r.dismissStaleReviewsOnPush);
  const lastPush =
    classicReviews?.requireLastPushApproval === true || pullRequests.some((r) => r.requireLastPushApproval);
  const noForcePush = (p !== null && !p.allowsForcePushes) || rules.some((r) => r.type === 'non_fast_forward');
  return approvals >= 1 && stale && lastPush && noForcePush;
}

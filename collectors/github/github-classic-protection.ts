import type { GithubRepository } from '../../src/model/datasets/github.js';

const present = <T>(xs: ReadonlyArray<T | null> | null | undefined): T[] =>
  (xs ?? []).filter((x): x is T => x !== null);

export interface ProtectionNode {
  pattern: string;
  requiresApprovingReviews: boolean;
  requiredApprovingReviewCount: number | null;
  isAdminEnforced: boolean;
  allowsForcePushes: boolean;
  dismissesStaleReviews: boolean;
  requireLastPushApproval: boolean;
  requiresCodeOwnerReviews: boolean;
  bypassPullRequestAllowances: {
    totalCount: number;
    nodes: Array<{ actor: { __typename: string; login?: string; slug?: string } | null } | null> | null;
  } | null;
}
export interface RefUpdateRuleNode {
  pattern: string;
  requiredApprovingReviewCount: number | null;
  allowsForcePushes: boolean;
  requiresCodeOwnerReviews: boolean;
}
type Protection = NonNullable<GithubRepository['defaultBranch']>['protection'];

const actorName = (a: { __typename: string; login?: string; slug?: string }): string =>
  `${a.__typename === 'App' ? 'app' : a.__typename === 'Team' ? 'team' : 'user'} ${a.login ?? a.slug ?? '?'}`;

function fromBranchProtectionRule(p: ProtectionNode): Protection {
  const { bypassPullRequestAllowances: allowances, ...rest } = p;
  const actors = present(allowances?.nodes).flatMap((n) => (n.actor ? [actorName(n.actor)] : []));
  const more = (allowances?.totalCount ?? 0) - actors.length;
  return {
    ...rest,
    bypassPullRequestAllowances: allowances ? [...actors, ...(more > 0 ? [`${more} more not listed`] : [])] : null,
  };
}

/** What a token that can push sees of classic protection; the settings `refUpdateRule` does not carry stay null. */
const fromRefUpdateRule = (r: RefUpdateRuleNode): Protection => ({
  pattern: r.pattern,
  requiresApprovingReviews: (r.requiredApprovingReviewCount ?? 0) > 0,
  requiredApprovingReviewCount: r.requiredApprovingReviewCount,
  isAdminEnforced: null,
  allowsForcePushes: r.allowsForcePushes,
  dismissesStaleReviews: null,
  requireLastPushApproval: null,
  requiresCodeOwnerReviews: r.requiresCodeOwnerReviews,
  bypassPullRequestAllowances: null,
  readFrom: 'refUpdateRule',
});

const PUSHERS = new Set(['MAINTAIN', 'WRITE']);

/**
 * Classic protection as far as the token may see it. GitHub answers `branchProtectionRule: null` both when there is
 * none and when the viewer is not a repository admin; a pusher still sees `refUpdateRule`, anyone else nothing.
 * Returns undefined when it cannot be known.
 * https://docs.github.com/en/graphql/reference/objects#ref
 */
export function classicProtection(
  ref: { branchProtectionRule: ProtectionNode | null; refUpdateRule: RefUpdateRuleNode | null },
  permission: string | null,
): Protection | undefined {
  if (ref.branchProtectionRule) return fromBranchProtectionRule(ref.branchProtectionRule);
  if (permission === 'ADMIN') return null;
  if (permission !== null && PUSHERS.has(permission))
    return ref.refUpdateRule ? fromRefUpdateRule(ref.refUpdateRule) : null;
  return undefined;
}

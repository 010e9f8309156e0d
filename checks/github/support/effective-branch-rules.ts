import type { GithubBypassActor, GithubRepository, GithubRuleset } from '../../../src/model/datasets/github.js';

export interface EffectiveBranchRules {
  /** Approving reviews a pull request needs before it can merge (0: none). */
  requiredApprovals: number;
  forcePushBlocked: boolean;
  /** Whether a new push dismisses earlier approvals; null: a source that requires reviews hides it from this token. */
  dismissesStaleReviews: boolean | null;
  /** Whether the most recent push needs approval by someone other than its author; null as above. */
  requiresLastPushApproval: boolean | null;
  /** What enforces it: classic protection and/or active rulesets. */
  sources: string[];
  /** Who can get around it. */
  bypass: string[];
  /** Rulesets that target the branch but enforce nothing (evaluate or disabled). */
  notEnforced: string[];
  /** Rulesets (or their review rule) not counted because everyone who can push may bypass them. */
  bypassedByPushers: string[];
}

/** The review settings of one source that requires pull requests (null: not shown to this token). */
interface ReviewRule {
  dismissesStaleReviews: boolean | null;
  requiresLastPushApproval: boolean | null;
}

interface RuleSet {
  key: string;
  label: string;
  approvals: number;
  blocksForcePush: boolean;
  /** Set when the source requires pull requests. */
  review: ReviewRule | undefined;
  bypass: GithubBypassActor[] | undefined;
}

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .split('**')
      .map((part) => part.replace(/\*/g, '[^/]*').replace(/\?/g, '.'))
      .join('.*')}$`,
  );

/**
 * Whether an organization ruleset's conditions select this repository's default branch: true, false, or undefined
 * when they use something the snapshot cannot tell (repository ids or custom properties).
 * https://docs.github.com/en/organizations/managing-organization-settings/creating-rulesets-for-repositories-in-your-organization
 */
export function orgRulesetApplies(rs: GithubRuleset, repo: string, branch: string): boolean | undefined {
  const c = rs.conditions;
  if (!c) return undefined;
  if (c.repository_id || c.repository_property) return undefined;
  const ref = `refs/heads/${branch}`;
  const refMatches = (p: string) => p === '~ALL' || p === '~DEFAULT_BRANCH' || glob(p).test(ref);
  const repoMatches = (p: string) => p === '~ALL' || glob(p).test(repo);
  const refs = c.ref_name ?? {};
  const names = c.repository_name ?? {};
  if (!(refs.include ?? []).some(refMatches) || (refs.exclude ?? []).some(refMatches)) return false;
  return (names.include ?? []).some(repoMatches) && !(names.exclude ?? []).some(repoMatches);
}

/** GitHub's ids of the built-in repository roles in bypass lists. */
const ROLE_NAMES: Record<number, string> = { 1: 'read', 2: 'maintain', 3: 'triage', 4: 'write', 5: 'admin' };

const describeActor = (a: GithubBypassActor): string =>
  a.actor_type === 'RepositoryRole'
    ? `repository role ${a.name ?? ROLE_NAMES[a.actor_id ?? 0] ?? a.actor_id ?? '?'}`
    : a.actor_type === 'OrganizationAdmin'
      ? 'organization owners'
      : `${a.actor_type}${a.name ? ` ${a.name}` : a.actor_id ? ` ${a.actor_id}` : ''}`;

/** Repository roles every ordinary pusher holds at least: a bypass for them is a bypass for everyone who can push. */
const PUSHER_ROLES = new Set(['write', 'maintain']);
const PUSHER_ROLE_IDS = new Set([2, 4]);

/**
 * Whether an actor stands for everyone who can push: the write or maintain role, or deploy keys (which push as no
 * person). Organization owners are not everyone, so that bypass is shown as evidence, not discounted.
 * https://docs.github.com/en/rest/orgs/rules#create-an-organization-repository-ruleset
 */
const coversPushers = (a: GithubBypassActor): boolean =>
  a.actor_type === 'DeployKey' ||
  (a.actor_type === 'RepositoryRole' &&
    (PUSHER_ROLES.has((a.name ?? '').toLowerCase()) || PUSHER_ROLE_IDS.has(a.actor_id ?? -1)));

/** `always` (GitHub's default) and `exempt` skip the rules on every push; `pull_request` only when merging a pull request. */
const bypassesPushes = (a: GithubBypassActor): boolean =>
  a.bypass_mode === undefined || a.bypass_mode === 'always' || a.bypass_mode === 'exempt';

/** What a classic protection rule adds, as far as this token may see it (null: not shown to it). */
function classicPart(classic: NonNullable<GithubRepository['defaultBranch']>['protection']): {
  approvals: number;
  forcePushBlocked: boolean;
  review: ReviewRule | undefined;
  bypass: string[];
} {
  if (!classic) return { approvals: 0, forcePushBlocked: false, review: undefined, bypass: [] };
  const label = `classic protection '${classic.pattern}'`;
  const bypass: string[] = [];
  if (classic.isAdminEnforced === false) bypass.push(`repository administrators (${label} is not enforced for admins)`);
  if (classic.isAdminEnforced === null)
    bypass.push(`unknown: whether ${label} binds administrators is shown only to repository admins`);
  const reviews = classic.requiresApprovingReviews;
  if (reviews && classic.bypassPullRequestAllowances === null)
    bypass.push(`unknown: who may merge without the reviews of ${label} is shown only to repository admins`);
  for (const actor of (reviews && classic.bypassPullRequestAllowances) || [])
    bypass.push(`${actor} via ${label} (may merge without the required reviews)`);
  return {
    approvals: reviews ? (classic.requiredApprovingReviewCount ?? 0) : 0,
    forcePushBlocked: !classic.allowsForcePushes,
    review: reviews
      ? {
          dismissesStaleReviews: classic.dismissesStaleReviews,
          requiresLastPushApproval: classic.requireLastPushApproval,
        }
      : undefined,
    bypass,
  };
}

/**
 * One review setting over every source that requires pull requests: GitHub applies the strictest, so one source
 * that sets it is enough; unknown (null) when no source sets it and one hides it from this token.
 */
const strictest = (reviews: readonly ReviewRule[], key: keyof ReviewRule): boolean | null =>
  reviews.some((r) => r[key] === true) ? true : reviews.some((r) => r[key] === null) ? null : false;

/** An organization's rulesets, indexed once per evaluation rather than once per repository. */
export interface RulesetIndex {
  orgRulesets: readonly GithubRuleset[];
  details: ReadonlyMap<string, GithubRuleset>;
}

export const indexRulesets = (
  orgRulesets: readonly GithubRuleset[],
  repoRulesets: readonly GithubRuleset[],
): RulesetIndex => ({
  orgRulesets,
  details: new Map([
    ...orgRulesets.map((r) => [`Organization:${r.id}`, r] as const),
    ...repoRulesets.map((r) => [`Repository:${r.id}`, r] as const),
  ]),
});

/**
 * The rule GitHub enforces on a default branch: classic protection combined with every active ruleset that targets
 * it (GraphQL `Ref.rules`, plus organization rulesets whose conditions select it, in case a token sees them only
 * through REST). The strictest wins; every source adds its bypass actors.
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/about-rulesets#about-rule-layering
 */
export function effectiveBranchRules(repo: GithubRepository, rulesets: RulesetIndex): EffectiveBranchRules {
  const { orgRulesets, details } = rulesets;
  const branch = repo.defaultBranch!;
  const sets = new Map<string, RuleSet>();
  const notEnforced = new Set<string>();

  for (const rule of branch.rules) {
    const origin = rule.ruleset;
    const key = origin ? `${origin.source}:${origin.id}` : 'unknown';
    if (origin && origin.enforcement.toUpperCase() !== 'ACTIVE') {
      notEnforced.add(`ruleset '${origin.name}' (${origin.enforcement.toLowerCase()})`);
      continue;
    }
    const set = sets.get(key) ?? {
      key,
      label: origin ? `ruleset '${origin.name}' (${origin.source.toLowerCase()})` : 'a ruleset',
      approvals: 0,
      blocksForcePush: false,
      review: undefined,
      bypass: details.get(key)?.bypass_actors,
    };
    if (rule.type === 'PULL_REQUEST') {
      set.approvals = Math.max(set.approvals, rule.requiredApprovingReviewCount ?? 0);
      set.review = {
        dismissesStaleReviews:
          (set.review?.dismissesStaleReviews ?? false) || (rule.dismissStaleReviewsOnPush ?? false),
        requiresLastPushApproval:
          (set.review?.requiresLastPushApproval ?? false) || (rule.requireLastPushApproval ?? false),
      };
    }
    if (rule.type === 'NON_FAST_FORWARD') set.blocksForcePush = true;
    sets.set(key, set);
  }

  for (const rs of orgRulesets) {
    const key = `Organization:${rs.id}`;
    if (sets.has(key) || (rs.target ?? 'branch') !== 'branch' || orgRulesetApplies(rs, repo.name, branch.name) !== true)
      continue;
    if (rs.enforcement !== 'active') {
      notEnforced.add(`ruleset '${rs.name}' (${rs.enforcement})`);
      continue;
    }
    const pullRequests = (rs.rules ?? []).filter((r) => r.type === 'pull_request').map((r) => r.parameters ?? {});
    sets.set(key, {
      key,
      label: `ruleset '${rs.name}' (organization)`,
      approvals: Math.max(0, ...pullRequests.map((p) => p.required_approving_review_count ?? 0)),
      blocksForcePush: (rs.rules ?? []).some((r) => r.type === 'non_fast_forward'),
      review:
        pullRequests.length > 0
          ? {
              dismissesStaleReviews: pullRequests.some((p) => p.dismiss_stale_reviews_on_push === true),
              requiresLastPushApproval: pullRequests.some((p) => p.require_last_push_approval === true),
            }
          : undefined,
      bypass: rs.bypass_actors,
    });
  }

  const classic = classicPart(branch.protection);
  const sources: string[] = branch.protection ? [`classic protection '${branch.protection.pattern}'`] : [];
  const bypass = [...classic.bypass];
  const reviews = classic.review ? [classic.review] : [];
  let requiredApprovals = classic.approvals;
  let forcePushBlocked = classic.forcePushBlocked;
  const bypassedByPushers: string[] = [];
  for (const s of sets.values()) {
    if (s.approvals === 0 && !s.blocksForcePush && !s.review) continue;
    const pushers = (s.bypass ?? []).filter(coversPushers);
    const always = pushers.find(bypassesPushes);
    if (always) {
      bypassedByPushers.push(`${s.label} (${describeActor(always)} may bypass it always)`);
      continue;
    }
    const viaPullRequest = pushers.find((a) => a.bypass_mode === 'pull_request');
    if (viaPullRequest && s.review) {
      bypassedByPushers.push(
        `the review rule of ${s.label} (${describeActor(viaPullRequest)} may merge pull requests without it)`,
      );
      s.approvals = 0;
      s.review = undefined;
      if (!s.blocksForcePush) continue;
    }
    sources.push(s.label);
    requiredApprovals = Math.max(requiredApprovals, s.approvals);
    forcePushBlocked ||= s.blocksForcePush;
    if (s.review) reviews.push(s.review);
    if (s.bypass === undefined) bypass.push(`unknown: the bypass list of ${s.label} is not visible to this token`);
    else
      for (const a of s.bypass)
        bypass.push(
          `${describeActor(a)} via ${s.label}${a.bypass_mode === 'pull_request' ? ' (pull requests only)' : ''}`,
        );
  }
  return {
    requiredApprovals,
    forcePushBlocked,
    dismissesStaleReviews: strictest(reviews, 'dismissesStaleReviews'),
    requiresLastPushApproval: strictest(reviews, 'requiresLastPushApproval'),
    sources,
    bypass,
    notEnforced: [...notEnforced].sort(),
    bypassedByPushers,
  };
}

import type { GithubBypassActor, GithubRepository, GithubRuleset } from '../../../src/model/datasets/github.js';

export interface EffectiveBranchRules {
  /** Approving reviews a pull request needs before it can merge (0: none). */
  requiredApprovals: number;
  forcePushBlocked: boolean;
  /** What enforces it: classic protection and/or active rulesets. */
  sources: string[];
  /** Who can get around it. */
  bypass: string[];
  /** Rulesets that target the branch but enforce nothing (evaluate or disabled). */
  notEnforced: string[];
  /** Rulesets (or their review rule) not counted because everyone who can push may bypass them. */
  bypassedByPushers: string[];
}

interface RuleSet {
  key: string;
  label: string;
  approvals: number;
  blocksForcePush: boolean;
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

/**
 * The rule GitHub enforces on a default branch: classic protection combined with every active ruleset that targets
 * it (GraphQL `Ref.rules`, plus organization rulesets whose conditions select it, in case a token sees them only
 * through REST). The strictest wins; every source adds its bypass actors.
 */
export function effectiveBranchRules(
  repo: GithubRepository,
  orgRulesets: readonly GithubRuleset[],
  repoRulesets: readonly GithubRuleset[],
): EffectiveBranchRules {
  const branch = repo.defaultBranch!;
  const sets = new Map<string, RuleSet>();
  const notEnforced = new Set<string>();
  const details = new Map<string, GithubRuleset>([
    ...orgRulesets.map((r) => [`Organization:${r.id}`, r] as const),
    ...repoRulesets.map((r) => [`Repository:${r.id}`, r] as const),
  ]);

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
      bypass: details.get(key)?.bypass_actors,
    };
    if (rule.type === 'PULL_REQUEST') set.approvals = Math.max(set.approvals, rule.requiredApprovingReviewCount ?? 0);
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
    const rules = rs.rules ?? [];
    sets.set(key, {
      key,
      label: `ruleset '${rs.name}' (organization)`,
      approvals: Math.max(
        0,
        ...rules
          .filter((r) => r.type === 'pull_request')
          .map((r) => r.parameters?.required_approving_review_count ?? 0),
      ),
      blocksForcePush: rules.some((r) => r.type === 'non_fast_forward'),
      bypass: rs.bypass_actors,
    });
  }

  const classic = branch.protection;
  const sources: string[] = [];
  const bypass: string[] = [];
  let requiredApprovals = 0;
  let forcePushBlocked = false;
  const bypassedByPushers: string[] = [];
  if (classic) {
    sources.push(`classic protection '${classic.pattern}'`);
    if (classic.requiresApprovingReviews) requiredApprovals = classic.requiredApprovingReviewCount ?? 0;
    if (!classic.allowsForcePushes) forcePushBlocked = true;
    if (!classic.isAdminEnforced)
      bypass.push('repository administrators (classic protection is not enforced for admins)');
  }
  for (const s of sets.values()) {
    if (s.approvals === 0 && !s.blocksForcePush) continue;
    const pushers = (s.bypass ?? []).filter(coversPushers);
    const always = pushers.find(bypassesPushes);
    if (always) {
      bypassedByPushers.push(`${s.label} (${describeActor(always)} may bypass it always)`);
      continue;
    }
    const viaPullRequest = pushers.find((a) => a.bypass_mode === 'pull_request');
    if (viaPullRequest && s.approvals > 0) {
      bypassedByPushers.push(
        `the review rule of ${s.label} (${describeActor(viaPullRequest)} may merge pull requests without it)`,
      );
      s.approvals = 0;
      if (!s.blocksForcePush) continue;
    }
    sources.push(s.label);
    requiredApprovals = Math.max(requiredApprovals, s.approvals);
    forcePushBlocked ||= s.blocksForcePush;
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
    sources,
    bypass,
    notEnforced: [...notEnforced].sort(),
    bypassedByPushers,
  };
}

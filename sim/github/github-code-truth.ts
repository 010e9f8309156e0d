import type { GroundTruth } from '../ground-truth.js';
import { defaultBranchGuarded } from './github-branch-rules.js';
import type { SimOrgCode } from './github-code-state.js';
import { membersOf, type GithubState } from './github-state.js';

/** Days after which an open secret-scanning alert is late: the check's default SLA. */
export const SECRET_ALERT_SLA_DAYS = 7;
/** The owner-count check's default range. */
export const OWNER_RANGE = { min: 2, max: 5 } as const;

/**
 * The violations planted in repositories, settings and alerts, by check id, for the checks of the GitHub source.
 * Secret scanning and push protection off count on every active repository, a private one whose plan lacks Secret
 * Protection included: the control is not met there either. Secret alerts include the generic types GitHub lists only
 * when asked for by name.
 */
export function githubCodeTruth(state: GithubState): GroundTruth {
  const perOrg = <T>(f: (org: string, code: SimOrgCode) => T[]) =>
    state.orgs.flatMap((o) => f(o.login, state.code[o.login] ?? { repos: [], rulesets: [], alerts: [] }));
  const active = (code: SimOrgCode) => code.repos.filter((r) => !r.archived);
  return {
    'github-members-no-sms-2fa': state.orgs.flatMap((o) =>
      membersOf(state, o)
        .filter((m) => m.twoFactor === 'insecure')
        .map((m) => ({ scopeId: o.login, resourceId: m.login })),
    ),
    'github-org-owner-count': state.orgs
      .filter((o) => {
        const n = o.members.filter((m) => m.role === 'admin').length;
        return n < OWNER_RANGE.min || n > OWNER_RANGE.max;
      })
      .map((o) => ({ scopeId: o.login, resourceId: o.login })),
    'github-org-default-permission-read': state.orgs
      .filter((o) => !['read', 'none'].includes(o.settings.default_repository_permission))
      .map((o) => ({ scopeId: o.login, resourceId: o.login })),
    'github-outside-collaborators-2fa-enabled': state.orgs.flatMap((o) => {
      const members = new Set(o.members.map((m) => m.login));
      const outside = new Set((state.code[o.login]?.repos ?? []).flatMap((r) => r.collaborators.map((c) => c.login)));
      return state.users
        .filter((u) => outside.has(u.login) && !members.has(u.login) && u.twoFactor === 'disabled')
        .map((u) => ({ scopeId: o.login, resourceId: u.login }));
    }),
    'github-outside-collaborators-not-admin': perOrg((org, code) =>
      [
        ...new Set(
          active(code).flatMap((r) => r.collaborators.filter((c) => c.permission === 'admin').map((c) => c.login)),
        ),
      ].map((login) => ({ scopeId: org, resourceId: login })),
    ),
    'github-repos-secret-scanning-enabled': perOrg((org, code) =>
      active(code)
        .filter((r) => r.security.secret_scanning !== 'enabled')
        .map((r) => ({ scopeId: org, resourceId: r.name })),
    ),
    'github-repos-push-protection-enabled': perOrg((org, code) =>
      active(code)
        .filter((r) => r.security.secret_scanning_push_protection !== 'enabled')
        .map((r) => ({ scopeId: org, resourceId: r.name })),
    ),
    'github-secret-alerts-within-sla': perOrg((org, code) =>
      code.alerts
        .filter((a) => a.state === 'open' && a.ageDays > SECRET_ALERT_SLA_DAYS)
        .map((a) => ({ scopeId: org, resourceId: `${a.repo}#${a.number}` })),
    ),
    'github-default-branch-protected': perOrg((org, code) =>
      active(code)
        .filter((r) => r.defaultBranch !== null && !defaultBranchGuarded(code, r))
        .map((r) => ({ scopeId: org, resourceId: r.name })),
    ),
  };
}

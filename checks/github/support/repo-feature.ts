import type { CheckResult } from '../../../src/model/check.js';
import { scopeResource } from '../../../src/model/check.js';
import type { Scope } from '../../../src/model/scope.js';
import type { GithubRepoSecurity } from '../../../src/model/datasets/github.js';

type Feature = 'secret_scanning' | 'secret_scanning_push_protection';
type Settings = NonNullable<GithubRepoSecurity['security_and_analysis']>;

/** Features only GitHub Secret Protection (standalone or in Advanced Security) brings to a private repository. */
const SECRET_PROTECTION: ReadonlyArray<keyof Settings> = [
  'secret_scanning',
  'secret_scanning_push_protection',
  'secret_scanning_non_provider_patterns',
  'secret_scanning_ai_detection',
];

/**
 * Whether a private or internal repository is shown to lack Secret Protection: `advanced_security` explicitly
 * disabled, no Secret Protection feature on, and no standalone Code Security (whose presence means the products are
 * sold separately, so `advanced_security` says nothing about Secret Protection).
 * https://docs.github.com/en/get-started/learning-about-github/about-github-advanced-security
 */
const lacksSecretProtection = (sa: Settings): boolean =>
  sa.advanced_security?.status === 'disabled' && sa.code_security?.status !== 'enabled' && !hasSecretProtection(sa);

const hasSecretProtection = (sa: Settings): boolean =>
  sa.advanced_security?.status === 'enabled' || SECRET_PROTECTION.some((k) => sa[k]?.status === 'enabled');

/**
 * One security feature on every active repository. Public repositories have secret scanning for free; a private or
 * internal one has it only with GitHub Secret Protection (or Advanced Security). Where the plan lacks it the control
 * is still not met: `fail`, naming the missing product, never `not_applicable`. An absent `security_and_analysis` or
 * feature status is unknown: `error`.
 * https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning#about-secret-scanning-for-private-repositories
 */
export function evaluateRepoFeature(
  repos: readonly GithubRepoSecurity[],
  scope: Scope,
  feature: Feature,
  label: string,
): CheckResult[] {
  const active = repos.filter((r) => !r.archived);
  const results: CheckResult[] = [];
  let enabled = 0;
  for (const r of [...active].sort((a, b) => a.name.localeCompare(b.name))) {
    const resource = { type: 'github-repo', id: r.name };
    const full = `${scope.id}/${r.name}`;
    const visibility = r.visibility ?? (r.private ? 'private' : 'public');
    const sa = r.security_and_analysis;
    if (!sa) {
      results.push({
        status: 'error',
        resource,
        message: `GitHub did not return security_and_analysis for ${full}; it shows it only to repository admins, organization owners and security managers.`,
        observed: { visibility, security_and_analysis: 'absent' },
      });
      continue;
    }
    const status = sa[feature]?.status ?? 'absent';
    const ghas = sa.advanced_security?.status ?? 'absent';
    const observed = {
      visibility,
      [feature]: status,
      advanced_security: ghas,
      ...(sa.code_security ? { code_security: sa.code_security.status } : {}),
    };
    if (status === 'enabled') {
      enabled++;
      continue;
    }
    if (status === 'absent') {
      results.push({
        status: 'error',
        resource,
        message: `GitHub did not report the ${feature} status of ${visibility} repository ${full}, so whether ${label.toLowerCase()} is on is unknown.`,
        observed,
      });
      continue;
    }
    const planLacks = visibility !== 'public' && lacksSecretProtection(sa);
    const unclear = visibility !== 'public' && !planLacks && !hasSecretProtection(sa);
    const reason = planLacks
      ? `: it needs GitHub Secret Protection, which the repository does not have (advanced_security: ${ghas}); buy Secret Protection for it, or scan it by other means and record an exception`
      : unclear
        ? ` (GitHub's settings do not show whether Secret Protection is available there; advanced_security: ${ghas})`
        : '';
    results.push({
      status: 'fail',
      resource,
      message: `${label} is ${status} on ${visibility} repository ${full}${reason}.`,
      observed: { ...observed, ...(planLacks ? { secretProtection: 'not available' } : {}) },
    });
  }
  if (active.length === 0) {
    return [
      {
        status: 'not_applicable',
        resource: scopeResource(scope, 'github-org'),
        message: `${scope.id} has no active repository to check ${label.toLowerCase()} on (${repos.length} archived skipped).`,
        observed: { active: 0, archivedSkipped: repos.length },
      },
    ];
  }
  if (results.length === 0) {
    results.unshift({
      status: 'pass',
      resource: scopeResource(scope, 'github-org'),
      message: `${label} is enabled on all ${enabled} active repositories of ${scope.id}.`,
      observed: { enabled, archivedSkipped: repos.length - active.length },
    });
  }
  return results;
}

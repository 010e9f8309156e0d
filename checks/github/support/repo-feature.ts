import type { CheckResult } from '../../../src/model/check.js';
import { scopeResource } from '../../../src/model/check.js';
import type { Scope } from '../../../src/model/scope.js';
import type { GithubRepoSecurity } from '../../../src/model/datasets/github.js';

type Feature = 'secret_scanning' | 'secret_scanning_push_protection';

/**
 * One security feature on every active repository. Public repositories have secret scanning for free; a private or
 * internal one has it only with GitHub Advanced Security / Secret Protection, so without it the feature is
 * `not_applicable` there, never a pass. An absent `security_and_analysis` is unknown: `error`.
 * https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning#about-secret-scanning-for-private-repositories
 */
export function evaluateRepoFeature(repos: readonly GithubRepoSecurity[], scope: Scope, feature: Feature, label: string): CheckResult[] {
  const active = repos.filter((r) => !r.archived);
  const results: CheckResult[] = [];
  let enabled = 0;
  for (const r of [...active].sort((a, b) => a.name.localeCompare(b.name))) {
    const resource = { type: 'github-repo', id: r.name };
    const visibility = r.visibility ?? (r.private ? 'private' : 'public');
    const sa = r.security_and_analysis;
    if (!sa) {
      results.push({
        status: 'error', resource,
        message: `GitHub did not return security_and_analysis for ${scope.id}/${r.name}; it shows it only to repository admins, organization owners and security managers.`,
        observed: { visibility, security_and_analysis: 'absent' },
      });
      continue;
    }
    const status = sa[feature]?.status ?? 'absent';
    if (status === 'enabled') {
      enabled++;
      continue;
    }
    const ghas = sa.advanced_security?.status ?? 'absent';
    if (visibility !== 'public' && ghas !== 'enabled') {
      results.push({
        status: 'not_applicable', resource,
        message: `${label} is not available on ${visibility} repository ${scope.id}/${r.name} without GitHub Advanced Security (Secret Protection), which is not enabled there.`,
        observed: { visibility, [feature]: status, advanced_security: ghas },
      });
      continue;
    }
    results.push({
      status: 'fail', resource,
      message: `${label} is ${status === 'absent' ? 'not reported' : status} on ${visibility} repository ${scope.id}/${r.name}.`,
      observed: { visibility, [feature]: status, advanced_security: ghas },
    });
  }
  if (!results.some((r) => r.status === 'fail' || r.status === 'error') && (enabled > 0 || active.length === 0)) {
    const na = results.length;
    results.unshift({
      status: 'pass',
      resource: scopeResource(scope, 'github-org'),
      message: `${label} is enabled on all ${enabled} active repositories of ${scope.id} where it is available${na > 0 ? ` (${na} without Advanced Security are not applicable)` : ''}.`,
      observed: { enabled, notApplicable: na, archivedSkipped: repos.length - active.length },
    });
  }
  return results;
}

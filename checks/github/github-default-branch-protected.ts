import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { effectiveBranchRules } from './support/effective-branch-rules.js';

const READ_PARTS = ['defaultBranchRef', 'branchProtectionRule', 'rules'];

const aside = (empty: number, notApplicable: number): string => {
  const parts = [
    ...(empty > 0 ? [`${empty} empty`] : []),
    ...(notApplicable > 0 ? [`${notApplicable} not applicable`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')} not counted)` : '';
};

/**
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/about-rulesets
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches
 */
export default defineCheck({
  id: 'github-default-branch-protected',
  title: "Every active repository's default branch requires an approving review and blocks force pushes",
  severity: 'high',
  rationale:
    'Without a required review one person can put any change into the code that ships, and a force push can rewrite the history that shows who changed what.',
  remediation:
    'Add an organization ruleset targeting the default branch of all repositories (enforcement: Active) with "Require a pull request before merging" (1+ approvals) and "Block force pushes"; keep the bypass list short.',
  requires: ['github.repositories', 'github.orgRulesets', 'github.repoRulesets', 'github.org'],
  controls: ['iso27001:8.32', 'iso27001:8.4', 'iso27001:8.25'],
  evaluate(data, { scope }) {
    const org = data['github.org'];
    const all = data['github.repositories'];
    const active = all.filter((r) => !r.isArchived).sort((a, b) => a.name.localeCompare(b.name));
    const results: CheckResult[] = [];
    const bypassable: string[] = [];
    let protectedCount = 0;
    let empty = 0;
    for (const repo of active) {
      const resource = { type: 'github-repo', id: repo.name };
      const full = `${scope.id}/${repo.name}`;
      const refused = (repo.unreadable ?? []).filter((p) => READ_PARTS.includes(p));
      if (refused.length > 0) {
        results.push({
          status: 'error',
          resource,
          message: `GitHub refused to show the default branch rules of ${full} (${refused.join(', ')}).`,
          observed: { unreadable: refused },
        });
        continue;
      }
      if (!repo.defaultBranch) {
        empty++;
        continue;
      }
      // Classic protection and rulesets on private repositories need GitHub Team or higher.
      if (org.plan === 'free' && repo.visibility !== 'PUBLIC') {
        results.push({
          status: 'not_applicable',
          resource,
          message: `Branch protection and rulesets on ${repo.visibility.toLowerCase()} repository ${full} need GitHub Team or higher; ${scope.id} is on the free plan.`,
          observed: { plan: org.plan, visibility: repo.visibility },
        });
        continue;
      }
      const eff = effectiveBranchRules(repo, data['github.orgRulesets'], data['github.repoRulesets']);
      const branch = repo.defaultBranch.name;
      const observed = {
        branch,
        requiredApprovals: eff.requiredApprovals,
        forcePushBlocked: eff.forcePushBlocked,
        enforcedBy: eff.sources,
        bypass: eff.bypass,
        ...(eff.notEnforced.length > 0 ? { notEnforced: eff.notEnforced } : {}),
        ...(eff.bypassedByPushers.length > 0 ? { bypassedByPushers: eff.bypassedByPushers } : {}),
      };
      const gaps = [
        ...(eff.requiredApprovals < 1 ? ['does not require an approving review'] : []),
        ...(!eff.forcePushBlocked ? ['allows force pushes'] : []),
      ];
      if (gaps.length > 0) {
        const hints = [
          ...(eff.notEnforced.length > 0 ? [`${eff.notEnforced.join(', ')} enforces nothing`] : []),
          ...(eff.bypassedByPushers.length > 0
            ? [`not counted, as everyone who can push may bypass it: ${eff.bypassedByPushers.join(', ')}`]
            : []),
        ];
        const hint = hints.length > 0 ? ` (${hints.join('; ')})` : '';
        results.push({
          status: 'fail',
          resource,
          message: `Default branch ${branch} of ${full} ${gaps.join(' and ')}${hint}.`,
          observed,
        });
        continue;
      }
      protectedCount++;
      if (eff.bypass.length > 0) bypassable.push(repo.name);
    }
    if (!results.some((r) => r.status === 'fail' || r.status === 'error') && protectedCount === 0) {
      // Nothing was evaluated: a pass would be about nothing.
      const na = results.map((r) => r.resource.id);
      return [
        {
          status: 'not_applicable',
          resource: scopeResource(scope, 'github-org'),
          message: `No active repository of ${scope.id} has a default branch whose protection can be evaluated (${active.length} active: ${empty} empty, ${na.length} without branch protection on the ${org.plan ?? 'current'} plan; ${all.length - active.length} archived skipped).`,
          observed: {
            active: active.length,
            empty,
            archivedSkipped: all.length - active.length,
            notApplicable: na,
            plan: org.plan ?? null,
          },
        },
      ];
    }
    if (!results.some((r) => r.status === 'fail' || r.status === 'error')) {
      results.unshift({
        status: 'pass',
        resource: scopeResource(scope, 'github-org'),
        message: `The default branches of all ${protectedCount} active repositories of ${scope.id} require an approving review and block force pushes${aside(empty, results.length)}.`,
        observed: {
          protected: protectedCount,
          empty,
          archivedSkipped: all.length - active.length,
          notApplicable: results.length,
          bypassableBy: bypassable.length,
          bypassableRepositories: bypassable,
        },
      });
    }
    return results;
  },
});

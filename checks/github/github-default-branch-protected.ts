import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { effectiveBranchRules, indexRulesets } from './support/effective-branch-rules.js';

const READ_PARTS = ['defaultBranchRef', 'branchProtectionRule', 'rules'];

const reviewTerms = (p: { requireDismissStaleReviews: boolean; requireLastPushApproval: boolean }): string => {
  const terms = [
    ...(p.requireDismissStaleReviews ? ['stale approvals dismissed'] : []),
    ...(p.requireLastPushApproval ? ['the most recent push approved by someone else'] : []),
  ];
  return terms.length > 0 ? ` (${terms.join(', ')})` : '';
};

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
  title: 'Every active default branch requires an approval that no later push outlives, and blocks force pushes',
  severity: 'high',
  rationale:
    'Without a required review one person can put any change into the code that ships; an approval that survives later pushes lets unreviewed commits merge under it; a force push can rewrite the history that shows who changed what.',
  remediation:
    'Add an organization ruleset targeting the default branch of all repositories (enforcement: Active) with "Require a pull request before merging" (1+ approvals, "Dismiss stale pull request approvals when new commits are pushed", "Require approval of the most recent reviewable push") and "Block force pushes"; keep the bypass list short.',
  requires: ['github.repositories', 'github.orgRulesets', 'github.repoRulesets', 'github.org'],
  controls: ['iso27001:8.32', 'iso27001:8.4', 'iso27001:8.25'],
  params: z
    .object({
      /** A push after an approval dismisses it. */
      requireDismissStaleReviews: z.boolean().default(true),
      /** The most recent push needs approval by someone other than the one who pushed it. */
      requireLastPushApproval: z.boolean().default(true),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const org = data['github.org'];
    const all = data['github.repositories'];
    const active = all.filter((r) => !r.isArchived).sort((a, b) => a.name.localeCompare(b.name));
    const rulesets = indexRulesets(data['github.orgRulesets'], data['github.repoRulesets']);
    const results: CheckResult[] = [];
    const bypassable: Record<string, string[]> = {};
    let protectedCount = 0;
    let empty = 0;
    for (const repo of active) {
      const resource = { type: 'github-repo', id: repo.name };
      const full = `${scope.id}/${repo.name}`;
      const refused = (repo.unreadable ?? []).filter((p) => READ_PARTS.includes(p));
      if (refused.length > 0) {
        const permission = repo.viewerPermission;
        const hidden = refused.includes('branchProtectionRule') && permission !== undefined && permission !== 'ADMIN';
        results.push({
          status: 'error',
          resource,
          message: hidden
            ? `GitHub shows the classic branch protection of ${full} only to repository admins, and its summary (refUpdateRule) only to those who can push; this token has ${permission ?? 'no'} permission there.`
            : `GitHub refused to show the default branch rules of ${full} (${refused.join(', ')}).`,
          observed: { unreadable: refused, ...(permission !== undefined ? { viewerPermission: permission } : {}) },
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
      const eff = effectiveBranchRules(repo, rulesets);
      const branch = repo.defaultBranch.name;
      const observed = {
        branch,
        requiredApprovals: eff.requiredApprovals,
        forcePushBlocked: eff.forcePushBlocked,
        dismissesStaleReviews: eff.dismissesStaleReviews,
        requiresLastPushApproval: eff.requiresLastPushApproval,
        enforcedBy: eff.sources,
        bypass: eff.bypass,
        ...(repo.defaultBranch.protection?.readFrom === 'refUpdateRule' ? { classicReadFrom: 'refUpdateRule' } : {}),
        ...(eff.notEnforced.length > 0 ? { notEnforced: eff.notEnforced } : {}),
        ...(eff.bypassedByPushers.length > 0 ? { bypassedByPushers: eff.bypassedByPushers } : {}),
      };
      const reviewed = eff.requiredApprovals >= 1;
      const stale = reviewed && params.requireDismissStaleReviews ? eff.dismissesStaleReviews : true;
      const lastPush = reviewed && params.requireLastPushApproval ? eff.requiresLastPushApproval : true;
      const gaps = [
        ...(!reviewed ? ['does not require an approving review'] : []),
        ...(stale === false ? ['keeps approvals when new commits are pushed'] : []),
        ...(lastPush === false ? ['does not require the most recent push to be approved by someone else'] : []),
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
      const unknown = [
        ...(stale === null ? ['whether a new push dismisses approvals'] : []),
        ...(lastPush === null ? ['whether the most recent push needs approval by someone else'] : []),
      ];
      if (unknown.length > 0) {
        results.push({
          status: 'error',
          resource,
          message: `Default branch ${branch} of ${full} requires an approving review and blocks force pushes, but ${unknown.join(' and ')} is unknown: GitHub shows those settings of classic protection only to repository admins (this token has ${repo.viewerPermission ?? 'unknown'} permission).`,
          observed,
        });
        continue;
      }
      protectedCount++;
      if (eff.bypass.length > 0) bypassable[repo.name] = eff.bypass;
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
        message: `The default branches of all ${protectedCount} active repositories of ${scope.id} require an approving review${reviewTerms(params)} and block force pushes${aside(empty, results.length)}.`,
        observed: {
          protected: protectedCount,
          empty,
          archivedSkipped: all.length - active.length,
          notApplicable: results.length,
          bypassableBy: Object.keys(bypassable).length,
          bypassableRepositories: Object.keys(bypassable),
          bypassActors: bypassable,
        },
      });
    }
    return results;
  },
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-default-branch-protected.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

/** The review settings of github-default-branch-protected: stale approvals, the last push, bypass, what a token sees. */
const scope = { kind: 'github-org', id: 'acme' } as const;
const org = { login: 'acme', id: 1, plan: 'team' };
const classic = (over: Record<string, unknown> = {}) => ({
  pattern: 'main',
  requiresApprovingReviews: true,
  requiredApprovingReviewCount: 1,
  isAdminEnforced: true,
  allowsForcePushes: false,
  dismissesStaleReviews: true,
  requireLastPushApproval: true,
  requiresCodeOwnerReviews: false,
  ...over,
});
/** What a token that can push but not administer reads: `refUpdateRule`, without the review settings. */
const pusherView = (over: Record<string, unknown> = {}) =>
  classic({
    isAdminEnforced: null,
    dismissesStaleReviews: null,
    requireLastPushApproval: null,
    bypassPullRequestAllowances: null,
    readFrom: 'refUpdateRule',
    ...over,
  });
const ruleset = { id: 7, name: 'Reviews', source: 'Organization', enforcement: 'ACTIVE' };
const pullRequest = (stale: boolean, lastPush: boolean) => ({
  type: 'PULL_REQUEST',
  requiredApprovingReviewCount: 1,
  dismissStaleReviewsOnPush: stale,
  requireLastPushApproval: lastPush,
  ruleset,
});
const repo = (
  name: string,
  branch: { protection?: unknown; rules?: unknown[] },
  extra: Record<string, unknown> = {},
) => ({
  name,
  isArchived: false,
  visibility: 'PRIVATE',
  outsideCollaborators: [],
  defaultBranch: { name: 'main', protection: branch.protection ?? null, rules: branch.rules ?? [] },
  ...extra,
});
const data = (repos: unknown[], orgRulesets: unknown[] = []) => ({
  'github.org': org,
  'github.repositories': repos,
  'github.orgRulesets': orgRulesets,
  'github.repoRulesets': [],
});
const details = { id: 7, name: 'Reviews', source: 'acme', enforcement: 'active', bypass_actors: [] };

describe('github-default-branch-protected: review rules', () => {
  it('fails where approvals survive a new push or the last push needs no other approval, from classic protection or a ruleset', () => {
    const fs = evaluate(check, {
      scope,
      data: data(
        [
          repo('api', { protection: classic({ dismissesStaleReviews: false }) }),
          repo('web', { rules: [pullRequest(true, false), { type: 'NON_FAST_FORWARD', ruleset }] }),
          repo('ml', { protection: classic({ dismissesStaleReviews: false, requireLastPushApproval: false }) }),
        ],
        [details],
      ),
    });
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Default branch main of acme/api keeps approvals when new commits are pushed.',
      'Default branch main of acme/ml keeps approvals when new commits are pushed and does not require the most recent push to be approved by someone else.',
      'Default branch main of acme/web does not require the most recent push to be approved by someone else.',
    ]);
    expect(fs[0]!.observed).toMatchObject({ dismissesStaleReviews: false, requiresLastPushApproval: true });
  });

  it('takes the strictest setting across sources: a ruleset that dismisses stale reviews covers classic protection that does not', () => {
    const fs = evaluate(check, {
      scope,
      data: data(
        [
          repo('api', {
            protection: classic({ dismissesStaleReviews: false, requireLastPushApproval: false }),
            rules: [pullRequest(true, true)],
          }),
        ],
        [details],
      ),
    });
    expect(statuses(fs)).toEqual(['pass']);
  });

  it('judges only the settings the config requires', () => {
    const fs = evaluate(check, {
      scope,
      params: { requireDismissStaleReviews: false, requireLastPushApproval: false },
      data: data([
        repo('api', { protection: classic({ dismissesStaleReviews: false, requireLastPushApproval: false }) }),
      ]),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'The default branches of all 1 active repositories of acme require an approving review and block force pushes.',
    ]);
    const lastPushOnly = evaluate(check, {
      scope,
      params: { requireDismissStaleReviews: false },
      data: data([
        repo('api', { protection: classic({ dismissesStaleReviews: false, requireLastPushApproval: false }) }),
      ]),
    });
    expect(messages(lastPushOnly)).toEqual([
      'Default branch main of acme/api does not require the most recent push to be approved by someone else.',
    ]);
  });

  it('lists who may merge without the reviews as evidence of a pass', () => {
    const fs = evaluate(check, {
      scope,
      data: data([
        repo('api', {
          protection: classic({ bypassPullRequestAllowances: ['team release-managers', 'app deploy-bot'] }),
        }),
      ]),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(fs[0]!.observed).toMatchObject({
      bypassableRepositories: ['api'],
      bypassActors: {
        api: [
          "team release-managers via classic protection 'main' (may merge without the required reviews)",
          "app deploy-bot via classic protection 'main' (may merge without the required reviews)",
        ],
      },
    });
  });

  it('is an error, never a pass, when classic protection is seen through refUpdateRule and no other source settles the review settings', () => {
    const fs = evaluate(check, {
      scope,
      data: data(
        [
          repo('api', { protection: pusherView() }, { viewerPermission: 'WRITE' }),
          repo('web', { protection: pusherView(), rules: [pullRequest(true, true)] }, { viewerPermission: 'WRITE' }),
          repo('ml', { protection: pusherView({ allowsForcePushes: true }) }, { viewerPermission: 'WRITE' }),
        ],
        [details],
      ),
    });
    expect(statuses(fs)).toEqual(['error', 'fail']);
    expect(messages(fs)).toEqual([
      'Default branch main of acme/api requires an approving review and blocks force pushes, but whether a new push dismisses approvals and whether the most recent push needs approval by someone else is unknown: GitHub shows those settings of classic protection only to repository admins (this token has WRITE permission).',
      'Default branch main of acme/ml allows force pushes.',
    ]);
    expect(fs[0]!.observed).toMatchObject({
      classicReadFrom: 'refUpdateRule',
      dismissesStaleReviews: null,
      bypass: [
        "unknown: whether classic protection 'main' binds administrators is shown only to repository admins",
        "unknown: who may merge without the reviews of classic protection 'main' is shown only to repository admins",
      ],
    });
  });

  it('is an error naming the permission where classic protection is hidden from a token that cannot push', () => {
    const fs = evaluate(check, {
      scope,
      data: data([
        repo('api', { protection: null }, { viewerPermission: 'READ', unreadable: ['branchProtectionRule'] }),
      ]),
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'GitHub shows the classic branch protection of acme/api only to repository admins, and its summary (refUpdateRule) only to those who can push; this token has READ permission there.',
    ]);
  });

  it('applies the review settings of an organization ruleset read through REST', () => {
    const rest = (stale: boolean) => ({
      id: 11,
      name: 'All repos',
      source: 'acme',
      enforcement: 'active',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'] }, repository_name: { include: ['~ALL'] } },
      rules: [
        {
          type: 'pull_request',
          parameters: {
            required_approving_review_count: 1,
            dismiss_stale_reviews_on_push: stale,
            require_last_push_approval: true,
          },
        },
        { type: 'non_fast_forward' },
      ],
    });
    expect(statuses(evaluate(check, { scope, data: data([repo('api', {})], [rest(true)]) }))).toEqual(['pass']);
    expect(messages(evaluate(check, { scope, data: data([repo('api', {})], [rest(false)]) }))).toEqual([
      'Default branch main of acme/api keeps approvals when new commits are pushed.',
    ]);
  });
});

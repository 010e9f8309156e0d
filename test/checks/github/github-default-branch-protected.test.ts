import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-default-branch-protected.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

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
const rule = (
  type: string,
  ruleset: { id: number; name: string; source: string; enforcement?: string },
  count?: number,
) => ({
  type,
  ...(count !== undefined ? { requiredApprovingReviewCount: count } : {}),
  ...(type === 'PULL_REQUEST' ? { dismissStaleReviewsOnPush: true, requireLastPushApproval: true } : {}),
  ruleset: { enforcement: 'ACTIVE', ...ruleset },
});
const repo = (
  name: string,
  branch: { protection?: unknown; rules?: unknown[] } | null,
  extra: Record<string, unknown> = {},
) => ({
  name,
  isArchived: false,
  visibility: 'PRIVATE',
  outsideCollaborators: [],
  defaultBranch: branch ? { name: 'main', protection: branch.protection ?? null, rules: branch.rules ?? [] } : null,
  ...extra,
});
const data = (repos: unknown[], orgRulesets: unknown[] = [], repoRulesets: unknown[] = [], o: unknown = org) => ({
  'github.org': o,
  'github.repositories': repos,
  'github.orgRulesets': orgRulesets,
  'github.repoRulesets': repoRulesets,
});
const orgRuleset = { id: 10, name: 'Protect default', source: 'Organization', enforcement: 'ACTIVE' };

describe('github-default-branch-protected', () => {
  it('passes when classic protection or a ruleset enforces both, skipping archived and empty repositories', () => {
    const fs = evaluate(check, {
      scope,
      data: data(
        [
          repo('api', { protection: classic() }),
          repo('web', { rules: [rule('PULL_REQUEST', orgRuleset, 2), rule('NON_FAST_FORWARD', orgRuleset)] }),
          repo('old', { protection: null }, { isArchived: true }),
          repo('empty', null),
        ],
        [
          {
            id: 10,
            name: 'Protect default',
            source: 'acme',
            enforcement: 'active',
            bypass_actors: [{ actor_type: 'OrganizationAdmin', actor_id: null, bypass_mode: 'always' }],
          },
        ],
      ),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'The default branches of all 2 active repositories of acme require an approving review (stale approvals dismissed, the most recent push approved by someone else) and block force pushes (1 empty not counted).',
    ]);
    expect(fs[0]!.observed).toMatchObject({
      protected: 2,
      empty: 1,
      archivedSkipped: 1,
      bypassableRepositories: ['web'],
    });
  });

  it('combines classic protection (reviews) with a ruleset (force pushes), and shows who can bypass', () => {
    const repoRs = { id: 33, name: 'No force push', source: 'Repository' };
    const fs = evaluate(check, {
      scope,
      data: data(
        [
          repo('api', {
            protection: classic({ allowsForcePushes: true, isAdminEnforced: false }),
            rules: [rule('NON_FAST_FORWARD', repoRs)],
          }),
        ],
        [],
        [
          {
            id: 33,
            name: 'No force push',
            source: 'api',
            source_type: 'Repository',
            enforcement: 'active',
            bypass_actors: [{ actor_type: 'RepositoryRole', actor_id: 5, name: 'admin', bypass_mode: 'pull_request' }],
          },
        ],
      ),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(fs[0]!.observed).toMatchObject({ bypassableRepositories: ['api'] });
  });

  it('fails a branch without review or force-push protection, naming a ruleset that only evaluates', () => {
    const evaluating = { ...orgRuleset, enforcement: 'EVALUATE' };
    const fs = evaluate(check, {
      scope,
      data: data([
        repo('api', { protection: classic({ requiresApprovingReviews: false, requiredApprovingReviewCount: 0 }) }),
        repo('web', { rules: [rule('PULL_REQUEST', evaluating, 1), rule('NON_FAST_FORWARD', evaluating)] }),
        repo('ok', { protection: classic() }),
      ]),
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Default branch main of acme/api does not require an approving review.',
      "Default branch main of acme/web does not require an approving review and allows force pushes (ruleset 'Protect default' (evaluate) enforces nothing).",
    ]);
    expect(fs[0]!.observed).toMatchObject({
      branch: 'main',
      requiredApprovals: 0,
      forcePushBlocked: true,
      enforcedBy: ["classic protection 'main'"],
      bypass: [],
    });
  });

  it('applies an active organization ruleset seen only through REST when its conditions select the branch', () => {
    const rest = {
      id: 11,
      name: 'All repos',
      source: 'acme',
      enforcement: 'active',
      target: 'branch',
      conditions: {
        ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] },
        repository_name: { include: ['~ALL'], exclude: ['sandbox-*'] },
      },
      rules: [
        {
          type: 'pull_request',
          parameters: {
            required_approving_review_count: 1,
            dismiss_stale_reviews_on_push: true,
            require_last_push_approval: true,
          },
        },
        { type: 'non_fast_forward' },
      ],
    };
    const fs = evaluate(check, {
      scope,
      data: data([repo('api', { protection: null }), repo('sandbox-1', { protection: null })], [rest]),
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'Default branch main of acme/sandbox-1 does not require an approving review and allows force pushes.',
    ]);
  });

  it('is not applicable on a private repository of a free-plan organization, and an error where GitHub refused the rules', () => {
    const fs = evaluate(check, {
      scope,
      data: data(
        [repo('api', { protection: null }), repo('site', { protection: classic() }, { visibility: 'PUBLIC' })],
        [],
        [],
        { ...org, plan: 'free' },
      ),
    });
    expect(statuses(fs)).toEqual(['pass', 'not_applicable']);
    expect(messages(fs)[1]).toBe(
      'Branch protection and rulesets on private repository acme/api need GitHub Team or higher; acme is on the free plan.',
    );

    const refused = evaluate(check, {
      scope,
      data: data([repo('api', { protection: null }, { unreadable: ['branchProtectionRule'] })]),
    });
    expect(statuses(refused)).toEqual(['error']);
    expect(messages(refused)).toEqual([
      'GitHub refused to show the default branch rules of acme/api (branchProtectionRule).',
    ]);
  });

  it('is an error when the organization rulesets could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.org': org, 'github.repositories': [], 'github.repoRulesets': [] },
      missing: {
        'github.orgRulesets': {
          kind: 'error',
          operation: 'GET /orgs/{org}/rulesets',
          status: 403,
          message: 'Must have admin rights',
        },
      },
    });
    expect(messages(fs)).toEqual(['Could not evaluate: GET /orgs/{org}/rulesets failed (Must have admin rights).']);
  });

  it('is not applicable, never a pass, when no repository could be evaluated: all private on the free plan, or all archived or empty', () => {
    const free = evaluate(check, {
      scope,
      data: data([repo('api', { protection: null }), repo('web', { protection: classic() })], [], [], {
        ...org,
        plan: 'free',
      }),
    });
    expect(statuses(free)).toEqual(['not_applicable']);
    expect(messages(free)).toEqual([
      'No active repository of acme has a default branch whose protection can be evaluated (2 active: 0 empty, 2 without branch protection on the free plan; 0 archived skipped).',
    ]);
    expect(free[0]!.resource).toMatchObject({ type: 'github-org', id: 'acme' });
    expect(free[0]!.observed).toMatchObject({ notApplicable: ['api', 'web'], plan: 'free' });

    const nothing = evaluate(check, {
      scope,
      data: data([repo('empty', null), repo('old', { protection: classic() }, { isArchived: true })]),
    });
    expect(statuses(nothing)).toEqual(['not_applicable']);
    expect(messages(nothing)).toEqual([
      'No active repository of acme has a default branch whose protection can be evaluated (1 active: 1 empty, 0 without branch protection on the team plan; 1 archived skipped).',
    ]);
    expect(statuses(evaluate(check, { scope, data: data([]) }))).toEqual(['not_applicable']);
  });

  it('does not count a ruleset that the write or maintain role or deploy keys may always bypass, and names it', () => {
    const rs = (id: number, name: string) => ({ id, name, source: 'Organization' });
    const details = (id: number, name: string, actor: Record<string, unknown>) => ({
      id,
      name,
      source: 'acme',
      enforcement: 'active',
      bypass_actors: [actor],
    });
    const fs = evaluate(check, {
      scope,
      data: data(
        [
          repo('api', {
            rules: [rule('PULL_REQUEST', rs(1, 'Writers skip'), 1), rule('NON_FAST_FORWARD', rs(1, 'Writers skip'))],
          }),
          repo('web', {
            rules: [
              rule('PULL_REQUEST', rs(2, 'Deploy keys skip'), 1),
              rule('NON_FAST_FORWARD', rs(2, 'Deploy keys skip')),
            ],
          }),
          repo('ml', {
            rules: [
              rule('PULL_REQUEST', rs(3, 'Maintainers merge'), 1),
              rule('NON_FAST_FORWARD', rs(3, 'Maintainers merge')),
            ],
          }),
          repo('ok', {
            rules: [rule('PULL_REQUEST', rs(4, 'Admins only'), 1), rule('NON_FAST_FORWARD', rs(4, 'Admins only'))],
          }),
        ],
        [
          details(1, 'Writers skip', {
            actor_type: 'RepositoryRole',
            actor_id: 4,
            name: 'write',
            bypass_mode: 'always',
          }),
          details(2, 'Deploy keys skip', { actor_type: 'DeployKey', actor_id: null }),
          details(3, 'Maintainers merge', { actor_type: 'RepositoryRole', actor_id: 2, bypass_mode: 'pull_request' }),
          details(4, 'Admins only', {
            actor_type: 'RepositoryRole',
            actor_id: 5,
            name: 'admin',
            bypass_mode: 'always',
          }),
        ],
      ),
    });
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail']);
    expect(messages(fs)).toEqual([
      "Default branch main of acme/api does not require an approving review and allows force pushes (not counted, as everyone who can push may bypass it: ruleset 'Writers skip' (organization) (repository role write may bypass it always)).",
      "Default branch main of acme/ml does not require an approving review (not counted, as everyone who can push may bypass it: the review rule of ruleset 'Maintainers merge' (organization) (repository role maintain may merge pull requests without it)).",
      "Default branch main of acme/web does not require an approving review and allows force pushes (not counted, as everyone who can push may bypass it: ruleset 'Deploy keys skip' (organization) (DeployKey may bypass it always)).",
    ]);
    expect(fs[0]!.observed).toMatchObject({
      requiredApprovals: 0,
      forcePushBlocked: false,
      bypassedByPushers: ["ruleset 'Writers skip' (organization) (repository role write may bypass it always)"],
    });
    expect(fs[1]!.observed).toMatchObject({ requiredApprovals: 0, forcePushBlocked: true });
  });
});

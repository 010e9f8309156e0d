import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-prs-reviewed-before-merge.js';
import type { GithubPullRequest } from '../../../src/model/datasets/github-pull-requests.js';
import type { GithubRepository } from '../../../src/model/datasets/github.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const FROM = '2026-10-24T11:59:00Z';
const TO = '2026-11-23T11:59:00Z';
const MERGED = '2026-11-20T10:00:00Z';
const HEAD = 'b'.repeat(40);
const EARLIER = 'a'.repeat(40);
const user = (login: string) => ({ login, type: 'User' });
const approval = (login: string | null, submittedAt = '2026-11-20T09:30:00Z', commitOid = HEAD) => ({
  author: login === null ? null : user(login),
  submittedAt,
  commitOid,
});

const pr = (over: Partial<GithubPullRequest> = {}): GithubPullRequest => ({
  repository: 'api',
  number: 7,
  baseRef: 'main',
  author: user('ann'),
  mergedBy: user('bob'),
  mergedAt: MERGED,
  head: { oid: HEAD, committedDate: '2026-11-20T09:00:00Z' },
  approvals: [approval('bob')],
  approvalsTruncated: false,
  commitsAfterLastApproval: false,
  ...over,
});

/** A repository whose default branch requires (or not) the most recent push approved, by classic protection. */
const repo = (name: string, lastPush: boolean): GithubRepository => ({
  name,
  isArchived: false,
  visibility: 'PRIVATE',
  viewerPermission: 'ADMIN',
  defaultBranch: {
    name: 'main',
    protection: {
      pattern: 'main',
      requiresApprovingReviews: true,
      requiredApprovingReviewCount: 1,
      isAdminEnforced: true,
      allowsForcePushes: false,
      dismissesStaleReviews: true,
      requireLastPushApproval: lastPush,
      requiresCodeOwnerReviews: false,
      bypassPullRequestAllowances: [],
    },
    rules: [],
  },
  outsideCollaborators: [],
});

const data = (pullRequests: GithubPullRequest[], repositories = [repo('api', true), repo('web', false)]) => ({
  'github.pullRequests': { from: FROM, to: TO, pullRequests, otherBranches: 0, windows: 1 },
  'github.repositories': repositories,
  'github.orgRulesets': [],
  'github.repoRulesets': [],
});

describe('github-prs-reviewed-before-merge', () => {
  it('passes per organization, naming the pull requests, repositories and window covered and what was exempt', () => {
    const fs = evaluate(check, {
      scope,
      data: data([
        pr(),
        pr({ repository: 'web', number: 3, author: null, approvals: [approval('cy')] }),
        // Commits after the approval, where the branch does not ask for the last push approved.
        pr({ repository: 'web', number: 4, approvals: [approval('cy', undefined, EARLIER)] }),
        pr({ number: 8, author: { login: 'dependabot[bot]', type: 'Bot' }, approvals: [] }),
      ]),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `All 3 pull requests merged into the default branches of 2 repositories of acme between ${FROM} and ${TO} were approved by someone other than their author before the merge (not judged: 1 by an exempt author).`,
    ]);
    expect(fs[0]!.observed).toMatchObject({ reviewed: 3, repositories: ['api', 'web'], exemptByAuthor: 1 });
  });

  it('fails per pull request merged without an independent approval before the merge, or with later commits where the last push must be approved', () => {
    const fs = evaluate(check, {
      scope,
      data: data([
        pr({ number: 1, mergedBy: user('ann'), approvals: [] }),
        pr({ number: 2, approvals: [approval('ann')] }),
        pr({ number: 3, approvals: [approval('bob', '2026-11-20T10:30:00Z')] }),
        pr({ number: 4, mergedBy: null, approvals: [approval('bob', undefined, EARLIER)] }),
        pr({ repository: 'web', number: 5 }),
      ]),
    });
    expect(statuses(fs)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(messages(fs)).toEqual([
      `Pull request acme/api#1 was merged by ann (its author) at ${MERGED} without any approving review.`,
      `Pull request acme/api#2 was merged by bob at ${MERGED} approved only by its author ann.`,
      `Pull request acme/api#3 was merged by bob at ${MERGED} without an approval before the merge (approved only afterwards, first at 2026-11-20T10:30:00Z).`,
      `Pull request acme/api#4 was merged by a deleted account at ${MERGED} with commits pushed after its last approval (by bob on aaaaaaa; merged head bbbbbbb), although its default branch requires the most recent push to be approved by someone else.`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'github-pull-request', id: 'api#1' });
  });

  it('takes exempt authors and repositories from its parameters', () => {
    const fs = evaluate(check, {
      scope,
      data: data([
        pr({ number: 1, author: { login: 'dependabot[bot]', type: 'Bot' }, approvals: [] }),
        pr({ repository: 'sandbox', number: 2, approvals: [] }),
        pr({ number: 3, author: user('release-bot'), approvals: [] }),
      ]),
      params: { exemptAuthors: ['release-bot'], exemptRepositories: ['sandbox'] },
    });
    expect(messages(fs)).toEqual([
      `Pull request acme/api#1 was merged by bob at ${MERGED} without any approving review.`,
    ]);
  });

  it('is not applicable when no pull request to judge was merged in the window', () => {
    const fs = evaluate(check, { scope, data: data([]) });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      `No pull request to judge was merged into a default branch of acme between ${FROM} and ${TO}.`,
    ]);
  });

  it('is an error for a pull request whose newest approvals do not count and older ones were not read', () => {
    const fs = evaluate(check, {
      scope,
      data: data([pr({ number: 9, approvals: [approval('ann')], approvalsTruncated: true })]),
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Pull request acme/api#9 has more approvals than were read, and none of the newest counts; whether an earlier one does is unknown.',
    ]);
  });

  it('is an error naming the search when it failed or could not be completed', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.repositories': [], 'github.orgRulesets': [], 'github.repoRulesets': [] },
      missing: {
        'github.pullRequests': {
          kind: 'error',
          operation: 'POST /graphql search (merged pull requests)',
          message:
            'GraphQL search: 1001 pull requests of acme were merged at 2026-11-20T10:00:00Z, more than the 1000 search returns, and a second cannot be split; the list would be incomplete',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: POST /graphql search (merged pull requests) failed (GraphQL search: 1001 pull requests of acme were merged at 2026-11-20T10:00:00Z, more than the 1000 search returns, and a second cannot be split; the list would be incomplete).',
    ]);
  });
});

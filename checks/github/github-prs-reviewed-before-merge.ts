import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import type { GithubActor, GithubApproval, GithubPullRequest } from '../../src/model/datasets/github-pull-requests.js';
import { effectiveBranchRules, indexRulesets } from './support/effective-branch-rules.js';

const name = (a: GithubActor): string => (a === null ? 'a deleted account' : a.login);
const short = (oid: string | null): string => (oid === null ? 'unknown' : oid.slice(0, 7));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Someone other than the author: two live accounts with different logins, or one deleted and one not. */
const independentOf = (author: GithubActor) => (a: GithubApproval) =>
  author === null ? a.author !== null : a.author === null || a.author.login !== author.login;

/** Why no approval counts: none at all, only the author's, only after the merge. */
function whyUnapproved(pr: GithubPullRequest, mergedMs: number): string {
  if (pr.approvals.length === 0) return 'without any approving review';
  const beforeMerge = pr.approvals.filter((a) => a.submittedAt !== null && Date.parse(a.submittedAt) <= mergedMs);
  if (beforeMerge.length === 0)
    return `without an approval before the merge (approved only afterwards, first at ${
      pr.approvals.map((a) => a.submittedAt ?? '').sort()[0]!
    })`;
  return pr.author === null
    ? 'with approvals whose authors cannot be told apart from its deleted author'
    : `approved only by its author ${pr.author.login}`;
}

/**
 * https://docs.github.com/en/pull-requests/collaborating-with-pull-requests/reviewing-changes-in-pull-requests/approving-a-pull-request-with-required-reviews
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/available-rules-for-rulesets#require-a-pull-request-before-merging
 */
export default defineCheck({
  id: 'github-prs-reviewed-before-merge',
  title:
    'Every pull request merged into a default branch was approved by someone other than its author before the merge',
  severity: 'high',
  rationale:
    'A change that reaches the code that ships without a second person looking at it is the change a mistake or a malicious insider gets through; branch rules can be bypassed or changed for an afternoon, so what was actually merged is the evidence that change management works.',
  remediation:
    'Review the change after the fact and record the outcome (revert it if it does not hold up); then find out how it merged: who may bypass the branch rules (`github-default-branch-protected` lists them) and whether the rule was off at the time. Require an approval (and the most recent push approved by someone else) in an organization ruleset for all default branches.',
  requires: ['github.pullRequests', 'github.repositories', 'github.orgRulesets', 'github.repoRulesets'],
  controls: ['iso27001:8.32', 'iso27001:8.25', 'iso27001:8.28'],
  params: z
    .object({
      /** Authors whose pull requests are not judged (dependency bots whose updates other controls cover). */
      exemptAuthors: z.array(z.string().min(1)).default(['dependabot[bot]', 'renovate[bot]']),
      /** Repositories whose pull requests are not judged. */
      exemptRepositories: z.array(z.string().min(1)).default([]),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const { from, to, pullRequests } = data['github.pullRequests'];
    const repos = new Map(data['github.repositories'].map((r) => [r.name, r]));
    const rulesets = indexRulesets(data['github.orgRulesets'], data['github.repoRulesets']);
    const lastPush = new Map<string, boolean | null>();
    const lastPushRequired = (repo: string): boolean | null => {
      if (!lastPush.has(repo)) {
        const r = repos.get(repo);
        lastPush.set(repo, r ? effectiveBranchRules(r, rulesets).requiresLastPushApproval : null);
      }
      return lastPush.get(repo)!;
    };
    const results: CheckResult[] = [];
    const covered = new Set<string>();
    let reviewed = 0;
    let exemptByAuthor = 0;
    let exemptByRepository = 0;
    for (const pr of pullRequests) {
      if (params.exemptRepositories.includes(pr.repository)) {
        exemptByRepository++;
        continue;
      }
      if (pr.author !== null && params.exemptAuthors.includes(pr.author.login)) {
        exemptByAuthor++;
        continue;
      }
      const full = `${scope.id}/${pr.repository}#${pr.number}`;
      const resource = { type: 'github-pull-request', id: `${pr.repository}#${pr.number}` };
      const mergedMs = Date.parse(pr.mergedAt);
      const observed = {
        repository: pr.repository,
        number: pr.number,
        baseRef: pr.baseRef,
        author: pr.author,
        mergedBy: pr.mergedBy,
        mergedAt: pr.mergedAt,
        headOid: pr.head.oid,
        approvals: pr.approvals,
      };
      const approvals = pr.approvals
        .filter((a) => a.submittedAt !== null && Date.parse(a.submittedAt) <= mergedMs)
        .filter(independentOf(pr.author))
        .sort((a, b) => a.submittedAt!.localeCompare(b.submittedAt!));
      const merger = `merged by ${name(pr.mergedBy)}${pr.mergedBy && pr.author && pr.mergedBy.login === pr.author.login ? ' (its author)' : ''} at ${pr.mergedAt}`;
      if (approvals.length === 0) {
        results.push(
          pr.approvalsTruncated
            ? {
                status: 'error',
                resource,
                message: `Pull request ${full} has more approvals than were read, and none of the newest counts; whether an earlier one does is unknown.`,
                observed,
              }
            : {
                status: 'fail',
                resource,
                message: `Pull request ${full} was ${merger} ${whyUnapproved(pr, mergedMs)}.`,
                observed,
              },
        );
        continue;
      }
      const last = approvals.at(-1)!;
      if (lastPushRequired(pr.repository) === true && last.commitOid !== pr.head.oid) {
        results.push({
          status: last.commitOid === null ? 'error' : 'fail',
          resource,
          message:
            last.commitOid === null
              ? `Pull request ${full} was ${merger}; its default branch requires the most recent push approved by someone else, and GitHub does not say which commit the last approval was given on.`
              : `Pull request ${full} was ${merger} with commits pushed after its last approval (by ${name(last.author)} on ${short(last.commitOid)}; merged head ${short(pr.head.oid)}), although its default branch requires the most recent push to be approved by someone else.`,
          observed: { ...observed, lastApproval: last },
        });
        continue;
      }
      reviewed++;
      covered.add(pr.repository);
    }
    if (results.length > 0)
      return results.sort((a, b) => a.resource.id.localeCompare(b.resource.id, 'en', { numeric: true }));
    const exempt = [
      ...(exemptByAuthor > 0 ? [plural(exemptByAuthor, 'by an exempt author', 'by exempt authors')] : []),
      ...(exemptByRepository > 0 ? [`${exemptByRepository} in exempt repositories`] : []),
    ];
    const aside = exempt.length > 0 ? ` (not judged: ${exempt.join(', ')})` : '';
    const observed = {
      from,
      to,
      reviewed,
      repositories: [...covered].sort(),
      exemptByAuthor,
      exemptByRepository,
      exemptAuthors: params.exemptAuthors,
      exemptRepositories: params.exemptRepositories,
    };
    if (reviewed === 0)
      return [
        {
          status: 'not_applicable',
          resource: scopeResource(scope, 'github-org'),
          message: `No pull request to judge was merged into a default branch of ${scope.id} between ${from} and ${to}${aside}.`,
          observed,
        },
      ];
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'github-org'),
        message: `All ${plural(reviewed, 'pull request')} merged into the default branches of ${plural(covered.size, 'repository', 'repositories')} of ${scope.id} between ${from} and ${to} were approved by someone other than their author before the merge${aside}.`,
        observed,
      },
    ];
  },
});

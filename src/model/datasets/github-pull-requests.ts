import { z } from 'zod';

/**
 * Who did something on GitHub: `type` is the GraphQL actor type (`User`, `Bot`, `Mannequin`, …). A bot's login is
 * given as REST spells it (`dependabot[bot]`; GraphQL says `dependabot`). null: a deleted account ("ghost").
 */
export const GithubActorSchema = z.object({ login: z.string(), type: z.string() }).nullable();
export type GithubActor = z.infer<typeof GithubActorSchema>;

/** An approving review as GraphQL `reviews(states: APPROVED)` returns it. */
export const GithubApprovalSchema = z.object({
  author: GithubActorSchema,
  /** null for a review GitHub holds no submission time for. */
  submittedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The head commit the approval was given on: a later head means commits were pushed after it. */
  commitOid: z.string().nullable(),
});
export type GithubApproval = z.infer<typeof GithubApprovalSchema>;

/** A pull request merged into its repository's default branch. */
export const GithubPullRequestSchema = z.object({
  repository: z.string(),
  number: z.number().int().positive(),
  baseRef: z.string(),
  author: GithubActorSchema,
  /** null when GitHub does not say (a deleted account, some merges by automation). */
  mergedBy: GithubActorSchema,
  mergedAt: z.iso.datetime({ offset: true }),
  /** The head commit that was merged. Its date is the committer's claim (git lets anyone set it), kept as context. */
  head: z.object({ oid: z.string(), committedDate: z.iso.datetime({ offset: true }).nullable() }),
  /** The most recent approvals, newest last (at most the number asked for). */
  approvals: z.array(GithubApprovalSchema),
  /** More approvals exist than were read: older ones are not in `approvals`. */
  approvalsTruncated: z.boolean(),
  /** Whether the head commit differs from the one the last approval was given on; null without approvals. */
  commitsAfterLastApproval: z.boolean().nullable(),
});
export type GithubPullRequest = z.infer<typeof GithubPullRequestSchema>;

/**
 * The pull requests merged into default branches in one window (from the previous run's end, or a configured
 * lookback on the first run), read with one org-wide search split in time while a part exceeds search's 1,000 cap.
 */
export const GithubPullRequestsSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  pullRequests: z.array(GithubPullRequestSchema),
  /** Merged into another branch than their repository's default: read, not judged. */
  otherBranches: z.number().int().nonnegative(),
  /** Search queries the window took (each paged at 100), splits included. */
  windows: z.number().int().positive(),
});
export type GithubPullRequests = z.infer<typeof GithubPullRequestsSchema>;

export const githubPullRequestDatasets = {
  /** GraphQL `search(type: ISSUE, query: "org:ORG is:pr is:merged merged:FROM..TO")`. */
  'github.pullRequests': GithubPullRequestsSchema,
};

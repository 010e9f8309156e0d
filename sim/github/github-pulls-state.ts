/** Merged pull requests of one simulated organization, served through GraphQL search (sim/github/github-search.ts). */

/** A GitHub actor; GraphQL names a bot without the `[bot]` suffix REST gives it (`dependabot`). */
export interface SimActor {
  login: string;
  kind: 'User' | 'Bot';
}

export interface SimReview {
  /** null: the reviewer's account was deleted ("ghost"). */
  author: SimActor | null;
  state: 'APPROVED' | 'COMMENTED' | 'CHANGES_REQUESTED';
  submittedAt: string;
  /** The head commit the review was given on. */
  commitOid: string;
}

export interface SimPullRequest {
  repo: string;
  number: number;
  baseRef: string;
  /** null: a deleted account. */
  author: SimActor | null;
  mergedBy: SimActor | null;
  mergedAt: string;
  /** Oldest first; the last is the merged head. */
  commits: Array<{ oid: string; committedDate: string }>;
  reviews: SimReview[];
  /** Why the generator made it, for tests and readers: 'self-merged', 'approved-after-merge', … or 'ordinary'. */
  kind: string;
}

import { z } from 'zod';

/**
 * Access reviews: campaigns (one list per reviewer, built from the identity graph) and reviewers' decisions, both
 * write-once records in the evidence store; the `access-review` derivation folds them into what the checks read.
 */

export const ACCESS_REVIEW_CAMPAIGN = 'access-review-campaign';
export const ACCESS_REVIEW_DECISIONS = 'access-review-decisions';

export const REVIEW_SYSTEMS = ['google-workspace', 'github', 'aws-iam', 'aws-identity-center'] as const;
export type ReviewSystem = (typeof REVIEW_SYSTEMS)[number];

export const REVIEW_DECISIONS = ['keep', 'revoke', 'change'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** One account (or Workspace admin path) to review: `<system>:<scope>:<account id>`. */
export const ReviewItemSchema = z.object({
  id: z.string(),
  reviewer: z.string(),
  /** The linked person's email; absent for an orphan or a service account. */
  person: z.string().optional(),
  personState: z.string().optional(),
  system: z.enum(REVIEW_SYSTEMS),
  scope: z.string(),
  account: z.string(),
  name: z.string(),
  service: z.string().optional(),
  access: z.array(z.string()),
  admin: z.array(z.string()),
  lastUsed: z.string().optional(),
  /** Against the previous campaign; REMOVED items are listed apart. */
  mark: z.enum(['NEW', 'CHANGED', 'UNCHANGED']),
  changes: z.array(z.string()),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

export const CampaignDataSchema = z.object({
  id: z.string(),
  period: z.string(),
  /** The run whose `people.graph` the campaign was built from. */
  graph: z.object({ runId: z.string(), sequence: z.number().int(), sha256: z.string() }),
  previous: z.string().optional(),
  items: z.array(ReviewItemSchema),
  /** In the previous campaign, gone from the graph since. */
  removed: z.array(ReviewItemSchema.omit({ mark: true, changes: true })),
});
export type CampaignData = z.infer<typeof CampaignDataSchema>;

export const DecisionSchema = z.object({
  campaign: z.string(),
  item: z.string(),
  decision: z.enum(REVIEW_DECISIONS),
  decidedBy: z.string(),
  decidedAt: z.iso.datetime(),
  note: z.string().optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const DecisionsDataSchema = z.object({ file: z.string(), decisions: z.array(DecisionSchema) });
export type DecisionsData = z.infer<typeof DecisionsDataSchema>;

export const CampaignStateSchema = z.object({
  id: z.string(),
  seq: z.number().int().positive(),
  period: z.string(),
  at: z.iso.datetime(),
  by: z.string(),
  items: z.number().int().nonnegative(),
  decided: z.number().int().nonnegative(),
  /** The first undecided item ids (at most 10). */
  undecided: z.array(z.string()),
  /** When the decisions record that decided its last item was stored. */
  completedAt: z.iso.datetime().optional(),
});
export type CampaignState = z.infer<typeof CampaignStateSchema>;

/** An item whose newest decision is `revoke`: its access must disappear within the offboarding SLA. */
export const RevokeSchema = ReviewItemSchema.pick({
  id: true,
  person: true,
  system: true,
  scope: true,
  account: true,
  name: true,
}).extend({ campaign: z.string(), decidedBy: z.string(), decidedAt: z.iso.datetime(), recordSeq: z.number() });
export type Revoke = z.infer<typeof RevokeSchema>;

export const accessReviewDatasets = {
  /** Every campaign in the store (sequence order) with how far it was decided, and the live revoke decisions. */
  'access-review.state': z.object({
    periodDays: z.number().int().positive(),
    campaigns: z.array(CampaignStateSchema),
    revokes: z.array(RevokeSchema),
  }),
};

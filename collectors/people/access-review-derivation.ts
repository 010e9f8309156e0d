import { reviewState } from '../../src/access-review/review-state.js';
import { PeopleConfigSchema, type PeopleConfig } from '../../src/model/config/people-config.js';
import {
  ACCESS_REVIEW_CAMPAIGN,
  ACCESS_REVIEW_DECISIONS,
  accessReviewDatasets,
} from '../../src/model/datasets/access-review.js';
import { defineDerivation } from '../../src/model/derivation.js';

const READ = 'evidence records (access-review-campaign, access-review-decisions)';

/**
 * Access-review campaigns and decisions from the store's records: each campaign's progress and the revoke decisions
 * whose access the checks verify against this run's identity graph. Opt-in: with neither `people.accessReview` nor
 * a stored campaign, access reviews are not in use.
 */
export const accessReviewDerivation = defineDerivation<PeopleConfig>({
  id: 'access-review',
  section: 'people',
  title: 'Access reviews: campaigns and decisions (records in the evidence store)',
  reads: [],
  schema: accessReviewDatasets,
  derive: (ctx) =>
    ctx.scope(async (rec) => {
      const review = (ctx.config ?? PeopleConfigSchema.parse({})).accessReview;
      const loaded = await Promise.all([
        ctx.records(ACCESS_REVIEW_CAMPAIGN),
        ctx.records(ACCESS_REVIEW_DECISIONS),
      ]).then(
        (r) => ({ ok: r }),
        (error: unknown) => ({ error }),
      );
      if (!review && 'ok' in loaded && loaded.ok[0].length === 0) {
        rec.notApplicable(
          'access-review.state',
          READ,
          'no people.accessReview in the config and no campaign in the evidence store (assay access-review start)',
        );
        return;
      }
      await rec.dataset('access-review.state', async (call) => {
        const [campaigns, decisions] = await call(READ, () =>
          'ok' in loaded ? Promise.resolve(loaded.ok) : Promise.reject(loaded.error as Error),
        );
        return { periodDays: review?.periodDays ?? 90, ...reviewState(campaigns, decisions) };
      });
    }),
});

import type { Derivation } from '../../src/model/derivation.js';
import { attestationsDerivation } from '../attestations/attestations-derivation.js';
import { peopleDerivation } from '../people/people-derivation.js';
import { accessReviewDerivation } from '../people/access-review-derivation.js';

/** Datasets computed after collection, across every source and the store's records; run in this order. */
export const allDerivations: readonly Derivation[] = [peopleDerivation, attestationsDerivation, accessReviewDerivation];

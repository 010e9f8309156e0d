import type { Derivation } from '../../src/model/derivation.js';

/** Datasets computed after collection, across every source and the store's records; run in this order. */
export const allDerivations: readonly Derivation[] = [];

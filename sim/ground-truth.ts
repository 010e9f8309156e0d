/** A resource the simulator planted to fail a check: the scope (org, account, customer) and the resource in it. */
export interface PlantedViolation {
  scopeId: string;
  resourceId: string;
}

/**
 * What a correct run must flag, by check id. A check listed with an empty array is covered by the simulator and must
 * not fail anywhere; a check not listed is not covered.
 */
export type GroundTruth = Record<string, PlantedViolation[]>;

/** Joins the truths of several simulated vendors (same check id: the lists are concatenated). */
export function mergeTruth(...parts: readonly GroundTruth[]): GroundTruth {
  const out: GroundTruth = {};
  for (const part of parts) {
    for (const [checkId, list] of Object.entries(part)) out[checkId] = [...(out[checkId] ?? []), ...list];
  }
  return out;
}

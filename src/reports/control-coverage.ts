import type { Control, ControlRef } from '../model/control.js';
import { controlRef } from '../model/control.js';
import type { Finding, FindingStatus } from '../model/finding.js';

/** What the coverage needs of a check: its id and the controls it declares. */
export interface CheckCoverage {
  id: string;
  controls: readonly string[];
}

/**
 * Where a control stands: `automated` (a check evaluated it), `excepted` (evaluated, and every failure is under an
 * exception in force), `attested` / `attestation_missing` (only an `attestation-*` check speaks for it), `manual`
 * (nothing in this run is evidence of it).
 */
export type CoverageState = 'automated' | 'excepted' | 'attested' | 'attestation_missing' | 'manual';

export const COVERAGE_LABELS: Record<CoverageState, string> = {
  automated: 'automated',
  excepted: 'excepted',
  attested: 'attested',
  attestation_missing: 'attestation missing/expired',
  manual: 'manual — no evidence yet',
};

export type StatusCounts = Record<FindingStatus, number>;

export interface CoverageRow {
  control: Control;
  ref: ControlRef;
  state: CoverageState;
  /** Automated checks declaring the control, and what their findings about it say. */
  checks: string[];
  automated: StatusCounts;
  /** `attestation-*` checks declaring the control, and their findings about it. */
  attestationChecks: string[];
  attestation: StatusCounts;
}

export const isAttestationCheck = (checkId: string): boolean => checkId.startsWith('attestation-');

const zero = (): StatusCounts => ({ pass: 0, fail: 0, error: 0, not_applicable: 0, excepted: 0 });

function stateOf(a: StatusCounts, t: StatusCounts): CoverageState {
  if (a.fail + a.error > 0) return 'automated';
  if (a.excepted > 0) return 'excepted';
  if (a.pass > 0) return 'automated';
  if (t.fail + t.error + t.excepted > 0) return 'attestation_missing';
  if (t.pass > 0) return 'attested';
  return 'manual';
}

/**
 * One row per catalog control, in catalog order. A finding counts for the controls it carries (a check may narrow
 * its own list per result); a not-applicable finding is no evidence, so it alone leaves a control manual.
 */
export function controlCoverage(
  controls: readonly Control[],
  checks: Iterable<CheckCoverage>,
  findings: readonly Finding[],
): CoverageRow[] {
  const declared = new Map<string, { checks: string[]; attestations: string[] }>();
  for (const c of checks)
    for (const ref of c.controls) {
      const entry = declared.get(ref) ?? { checks: [], attestations: [] };
      (isAttestationCheck(c.id) ? entry.attestations : entry.checks).push(c.id);
      declared.set(ref, entry);
    }
  const counts = new Map<string, { automated: StatusCounts; attestation: StatusCounts }>();
  for (const f of findings)
    for (const ref of f.controls) {
      const entry = counts.get(ref) ?? { automated: zero(), attestation: zero() };
      (isAttestationCheck(f.checkId) ? entry.attestation : entry.automated)[f.status]++;
      counts.set(ref, entry);
    }
  return controls.map((control) => {
    const ref = controlRef(control);
    const d = declared.get(ref) ?? { checks: [], attestations: [] };
    const c = counts.get(ref) ?? { automated: zero(), attestation: zero() };
    return {
      control,
      ref,
      state: stateOf(c.automated, c.attestation),
      checks: [...d.checks].sort(),
      automated: c.automated,
      attestationChecks: [...d.attestations].sort(),
      attestation: c.attestation,
    };
  });
}

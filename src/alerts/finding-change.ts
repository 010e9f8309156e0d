import type { Finding } from '../model/finding.js';
import type { ChangeKind } from '../model/config/alerts-config.js';
import type { FindingChanges } from '../engine/apply-history.js';

/** One finding that changed since the previous scheduled run, as alerts and tickets see it. */
export interface FindingChange {
  kind: ChangeKind;
  finding: Finding;
}

/**
 * What changed: `new` (failing now, not before), `regressed` (failing now, passing or excepted in the previous run),
 * `exception-expired` (still failing, its exception ran out since the previous run), `resolved` (a pass where a
 * failure was, or a failing resource gone where the check did evaluate). A failure that stands is no change.
 * `alreadyAlerted`: keys an event run reported since the previous scheduled run (not reported twice).
 */
export function findingChanges(
  findings: readonly Finding[],
  previous: readonly Finding[],
  changes: Pick<FindingChanges, 'resolved'>,
  alreadyAlerted: ReadonlySet<string> = new Set(),
): FindingChange[] {
  const before = new Map(previous.map((f) => [f.key, f]));
  const now = new Map(findings.map((f) => [f.key, f]));
  const out: FindingChange[] = [];
  for (const f of findings) {
    if (alreadyAlerted.has(f.key)) continue;
    const prior = before.get(f.key);
    if (f.status === 'fail' && f.exception?.state === 'expired' && prior?.exception?.state !== 'expired')
      out.push({ kind: 'exception-expired', finding: f });
    else if (f.lifecycle === 'new')
      out.push({ kind: prior?.status === 'pass' || prior?.status === 'excepted' ? 'regressed' : 'new', finding: f });
  }
  for (const r of changes.resolved) {
    const f = now.get(r.key) ?? before.get(r.key);
    if (f)
      out.push({ kind: 'resolved', finding: { ...f, message: r.message, status: now.has(r.key) ? f.status : 'pass' } });
  }
  return out;
}

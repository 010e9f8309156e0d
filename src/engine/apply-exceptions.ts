import type { RiskException, ExceptionsRecord } from '../model/exception.js';
import type { Finding, FindingException } from '../model/finding.js';

/** A `*` glob over the whole id: every other character stands for itself. */
const globMatches = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  ).test(value);

const matches = (e: RiskException, f: Finding): boolean =>
  e.check === f.checkId &&
  (e.scope === undefined || e.scope === f.scope.id) &&
  (globMatches(e.resource, f.resource.id) ||
    (f.resource.name !== undefined && globMatches(e.resource, f.resource.name)));

/** In force from its approval through the whole of its `expires` day (UTC dates). */
const inForce = (e: RiskException, today: string): boolean => e.approvedOn <= today && today <= e.expires;
const expired = (e: RiskException, today: string): boolean => e.expires < today;

const summary = (e: RiskException, state: FindingException['state']): FindingException => ({
  id: e.id,
  state,
  approvedBy: e.approvedBy,
  expires: e.expires,
  ticket: e.ticket,
});

/**
 * Applies the exceptions register to a run's findings: a failure matched by an exception in force becomes `excepted`
 * (its own status, never a pass); a failure whose only matching exception has expired stays `fail`, marked so alerts
 * can say the acceptance ran out. Errors and passes are left alone: an exception accepts a known risk, not missing
 * data. The record names which exceptions were in force, expired, or matched no failure (stale).
 */
export function applyExceptions(
  findings: readonly Finding[],
  register: { file: string; sha256: string; entries: readonly RiskException[] },
  now: Date,
): { findings: Finding[]; record: ExceptionsRecord } {
  const today = now.toISOString().slice(0, 10);
  const used = new Set<string>();
  const out = findings.map((f): Finding => {
    if (f.status !== 'fail') return f;
    const candidates = register.entries.filter((e) => matches(e, f));
    const active = candidates.find((e) => inForce(e, today));
    if (active) {
      used.add(active.id);
      return { ...f, status: 'excepted', exception: summary(active, 'in_force') };
    }
    const lapsed = candidates.filter((e) => expired(e, today)).sort((a, b) => (a.expires < b.expires ? 1 : -1))[0];
    return lapsed ? { ...f, exception: summary(lapsed, 'expired') } : f;
  });
  const live = register.entries.filter((e) => inForce(e, today));
  return {
    findings: out,
    record: {
      file: register.file,
      sha256: register.sha256,
      inForce: live.map((e) => e.id),
      expired: register.entries.filter((e) => expired(e, today)).map((e) => e.id),
      stale: live.filter((e) => !used.has(e.id)).map((e) => e.id),
    },
  };
}

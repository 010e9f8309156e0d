import { defineCheck, type CheckResult } from '../../src/model/check.js';
import type { GoogleUser } from '../../src/model/datasets/google.js';

const inUnit = (path: string | undefined, unit: string): boolean =>
  path !== undefined && (unit === '/' || path === unit || path.startsWith(`${unit.replace(/\/+$/, '')}/`));

/**
 * Auditors sample executive accounts first: they are the most phished and the most damaging to lose.
 * https://support.google.com/a/answer/9176657
 */
export default defineCheck({
  id: 'google-executives-2sv',
  title: 'Every executive is enrolled in 2-Step Verification and has it enforced',
  severity: 'critical',
  rationale:
    'Executives are the accounts attackers target first (invoice fraud, wire transfers, board mail); the rules apply to everyone, the founders most of all, and enforcement keeps an enrolled executive from turning 2SV off.',
  remediation:
    'Enrol the executive with a security key or passkey, and put them in an org unit or group with 2-Step Verification enforced (Admin console → Security → 2-Step Verification).',
  requires: ['google-workspace.users', 'google-workspace.executives'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  evaluate(data) {
    const users = data['google-workspace.users'];
    const execs = data['google-workspace.executives'];
    const byEmail = new Map(users.map((u) => [u.primaryEmail, u]));
    const via = new Map<string, string[]>();
    const note = (email: string, how: string) => via.set(email, [...(via.get(email) ?? []), how]);
    const results: CheckResult[] = [];

    for (const g of execs.groups) {
      const people = g.members.filter((m) => m.type !== 'GROUP' && m.type !== 'CUSTOMER' && m.email);
      if (people.length === 0) {
        results.push({
          status: 'error',
          resource: { type: 'google-group', id: g.email },
          message: `Executive group ${g.email} has no user members, so no executive can be verified through it.`,
          observed: { members: g.members.length },
        });
      }
      for (const m of people) note(m.email!, `group ${g.email}`);
    }
    for (const e of execs.emails) note(e, 'listed');
    for (const unit of execs.orgUnits) {
      const inside = users.filter((u) => inUnit(u.orgUnitPath, unit));
      if (inside.length === 0) {
        results.push({
          status: 'error',
          resource: { type: 'google-org-unit', id: unit },
          message: `Executive org unit ${unit} holds no users in the directory, so no executive can be verified through it.`,
        });
      }
      for (const u of inside) note(u.primaryEmail, `org unit ${unit}`);
    }

    for (const [email, how] of [...via].sort(([a], [b]) => a.localeCompare(b))) {
      const u: GoogleUser | undefined = byEmail.get(email);
      const resource = { type: 'google-user', id: email, ...(u?.fullName ? { name: u.fullName } : {}) };
      const observed = {
        executiveVia: how,
        isEnrolledIn2Sv: u?.isEnrolledIn2Sv ?? 'absent',
        isEnforcedIn2Sv: u?.isEnforcedIn2Sv ?? 'absent',
      };
      if (!u) {
        results.push({
          status: 'error',
          resource,
          message: `Executive ${email} was not found in the directory, so their 2-Step Verification cannot be verified.`,
          observed: { executiveVia: how },
        });
      } else if (u.suspended === true || u.archived === true) {
        results.push({
          status: 'not_applicable',
          resource,
          message: `Executive ${email} is ${u.suspended ? 'suspended' : 'archived'} and cannot sign in.`,
          observed: { ...observed, suspended: u.suspended ?? false, archived: u.archived ?? false },
        });
      } else if (u.isEnrolledIn2Sv === undefined || u.isEnforcedIn2Sv === undefined) {
        results.push({
          status: 'error',
          resource,
          message: `directory.users.list did not return the 2-Step Verification state of executive ${email}.`,
          observed,
        });
      } else if (u.isEnrolledIn2Sv && u.isEnforcedIn2Sv) {
        results.push({
          status: 'pass',
          resource,
          message: `Executive ${email} is enrolled in 2-Step Verification and it is enforced.`,
          observed,
        });
      } else {
        const gap =
          !u.isEnrolledIn2Sv && !u.isEnforcedIn2Sv
            ? 'is not enrolled in 2-Step Verification and it is not enforced'
            : !u.isEnrolledIn2Sv
              ? 'is not enrolled in 2-Step Verification (it is enforced)'
              : 'is enrolled in 2-Step Verification but it is not enforced, so they can turn it off';
        results.push({ status: 'fail', resource, message: `Executive ${email} ${gap}.`, observed });
      }
    }
    return results;
  },
});

import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { isActiveGoogleUser } from '../../src/model/datasets/google.js';

const SAMPLE = 20;

/**
 * Enforcement is set per org unit (or group) in the Admin console; `isEnforcedIn2Sv` is its effect on each user.
 * https://support.google.com/a/answer/9176657
 */
export default defineCheck({
  id: 'google-2sv-enforced',
  title: '2-Step Verification is enforced for every active Workspace user',
  severity: 'high',
  rationale:
    'Enrolment that is merely allowed can be skipped or switched off by the user; enforcement guarantees a second factor for every sign-in, including of accounts created tomorrow.',
  remediation:
    'Admin console → Security → Authentication → 2-Step Verification: select the org unit, turn on Enforcement (a new-user enrolment period of at most a week).',
  requires: ['google-workspace.users'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const active = data['google-workspace.users'].filter(isActiveGoogleUser);
    const unknown = active.filter((u) => u.isEnforcedIn2Sv === undefined);
    const byUnit = new Map<string, { active: number; notEnforced: string[] }>();
    for (const u of active) {
      const unit = u.orgUnitPath ?? '/';
      const entry = byUnit.get(unit) ?? { active: 0, notEnforced: [] };
      entry.active++;
      if (u.isEnforcedIn2Sv === false) entry.notEnforced.push(u.primaryEmail);
      byUnit.set(unit, entry);
    }
    const results: CheckResult[] = [];
    if (unknown.length > 0) {
      results.push({
        status: 'error',
        resource: scopeResource(scope, 'google-customer'),
        message: `directory.users.list did not return isEnforcedIn2Sv for ${unknown.length} active users, so their enforcement cannot be verified.`,
        observed: { users: unknown.slice(0, SAMPLE).map((u) => u.primaryEmail), count: unknown.length },
      });
    }
    for (const [unit, e] of [...byUnit].sort(([a], [b]) => a.localeCompare(b))) {
      if (e.notEnforced.length === 0) continue;
      results.push({
        status: 'fail',
        resource: { type: 'google-org-unit', id: unit },
        message: `2-Step Verification is not enforced for ${e.notEnforced.length} of ${e.active} active users in org unit ${unit}.`,
        observed: {
          orgUnitPath: unit,
          activeUsers: e.active,
          notEnforced: e.notEnforced.length,
          users: e.notEnforced.sort().slice(0, SAMPLE),
        },
      });
    }
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'google-customer'),
        message: `2-Step Verification is enforced for all ${active.length} active users of ${scope.id}.`,
        observed: { activeUsers: active.length, orgUnits: byUnit.size },
      },
    ];
  },
});

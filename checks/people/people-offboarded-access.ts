import { defineCheck, type CheckResult } from '../../src/model/check.js';
import {
  ACCOUNT_SYSTEMS,
  accountsOf,
  describeOffboarding,
  describeRead,
  failedReads,
  hoursBetween,
  personResource,
  SYSTEM_LABEL,
} from '../../src/model/people/graph-findings.js';

/**
 * "When a contractor leaves, their access is cut": a person suspended, archived or deleted in Workspace keeps no
 * account elsewhere past the SLA (`people.offboardingSlaHours`). One finding per person and system.
 */
export default defineCheck({
  id: 'people-offboarded-access',
  title: 'People offboarded in Workspace have no access left in any other system after the SLA',
  severity: 'high',
  rationale:
    'Suspending the Workspace account ends single sign-on but not a GitHub membership, an IAM user password or access key, or an Identity Center assignment; those outlive the person unless each is revoked.',
  remediation:
    'Remove the person from the GitHub organization, delete the IAM user (or its password and access keys), and remove their Identity Center assignments; record who revoked what.',
  requires: ['people.graph'],
  controls: ['iso27001:5.15', 'iso27001:5.18', 'iso27001:6.5'],
  evaluate(data, { now }) {
    const graph = data['people.graph'];
    const sla = graph.offboardingSlaHours;
    const results: CheckResult[] = [];
    for (const p of graph.persons) {
      if (!p.offboarding) continue;
      const hours = hoursBetween(p.offboarding.at, now);
      const over = hours > sla;
      const base = {
        offboardedAt: p.offboarding.at,
        offboardingSource: p.offboarding.source,
        offboardingEvent: p.offboarding.event,
        hoursSinceOffboarding: hours,
        slaHours: sla,
        state: p.state,
      };
      const timing = over ? `${hours} h ago, over the ${sla} h SLA` : `${hours} h ago, within the ${sla} h SLA`;
      let live = 0;
      if (p.admin.length > 0 && p.state !== 'deleted') {
        live++;
        results.push({
          status: over ? 'fail' : 'pass',
          resource: personResource(p, 'google-workspace'),
          message: `${p.email} (${p.state}, ${describeOffboarding(p)}, ${timing}) still holds ${p.admin.join(', ')}.`,
          observed: { ...base, system: 'google-workspace', admin: p.admin },
          ...(over ? { severity: 'critical' as const } : {}),
        });
      }
      for (const system of ACCOUNT_SYSTEMS) {
        const withAccess = accountsOf(graph, p.email).filter((a) => a.system === system && a.access.length > 0);
        for (const scope of [...new Set(withAccess.map((a) => a.scope))].sort()) {
          live++;
          const accounts = withAccess.filter((a) => a.scope === scope);
          const admin = accounts.some((a) => a.admin.length > 0);
          results.push({
            status: over ? 'fail' : 'pass',
            resource: personResource(p, `${system}/${scope}`),
            message: `${p.email} (${p.state}, ${describeOffboarding(p)}, ${timing}) still has ${SYSTEM_LABEL[system]} access in ${scope}: ${accounts.map((a) => `${a.name}: ${a.access.join(', ')}`).join('; ')}.`,
            observed: {
              ...base,
              system,
              scope,
              credentials: accounts.map((a) => ({
                account: a.name,
                access: a.access,
                ...(a.accessKeys ? { accessKeys: a.accessKeys.filter((k) => k.active) } : {}),
                admin: a.admin,
                ...(a.lastUsed ? { lastUsed: a.lastUsed } : {}),
              })),
            },
            ...(over && admin ? { severity: 'critical' as const } : {}),
          });
        }
        for (const r of failedReads(graph, system)) {
          live++;
          results.push({
            status: 'error',
            resource: personResource(p, `${system}/${r.scope}`),
            message: `Whether ${p.email} (${describeOffboarding(p)}) still has access cannot be told: ${describeRead(r)} was not read.`,
            observed: { ...base, system, scope: r.scope, failures: r.failures },
          });
        }
      }
      if (live === 0)
        results.push({
          status: 'pass',
          resource: personResource(p),
          message: `${p.email} (${p.state}, ${describeOffboarding(p)}) has no access left in ${
            graph.systems
              .filter((s) => s.system !== 'google-workspace' && s.system !== 'aws-cloudtrail')
              .map((s) => `${SYSTEM_LABEL[s.system]} ${s.scope}`)
              .join(', ') || 'any other system read (none is configured)'
          }.`,
          observed: base,
        });
    }
    return results;
  },
});

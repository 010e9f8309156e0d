import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import type { Revoke } from '../../src/model/datasets/access-review.js';
import type { PeopleGraph } from '../../src/model/datasets/people.js';
import { describeRead, failedReads, hoursBetween, SYSTEM_LABEL } from '../../src/model/people/graph-findings.js';

/** What of the revoked item still lets it in, in this run's graph; [] when it is gone. */
function liveAccess(graph: PeopleGraph, r: Revoke): string[] {
  if (r.system === 'google-workspace') {
    const p = graph.persons.find((x) => x.email === r.account);
    return p && p.state === 'active' ? p.admin : [];
  }
  return graph.accounts.find((a) => a.system === r.system && a.scope === r.scope && a.id === r.account)?.access ?? [];
}

/**
 * Each `revoke` decision of an access review is verified against every later run's identity graph: the access must
 * be gone within `people.offboardingSlaHours` of the decision.
 */
export default defineCheck({
  id: 'people-access-review-revocations',
  title: 'Access that reviewers decided to revoke is gone within the offboarding SLA',
  severity: 'high',
  rationale:
    'A review decision that is never carried out is worse than none: the record says the access was removed while it still works (ISO/IEC 27001 5.18, 8.2).',
  remediation:
    'Remove the access named in the finding (org membership, console password, access key, assignment), or record a new decision if it must stay.',
  requires: ['people.graph', 'access-review.state'],
  controls: ['iso27001:5.18', 'iso27001:8.2'],
  evaluate(data, { scope, now }) {
    const graph = data['people.graph'];
    const state = data['access-review.state'];
    const sla = graph.offboardingSlaHours;
    const results: CheckResult[] = [];
    for (const r of state.revokes) {
      const resource = { type: `${r.system}-account`, id: `${r.scope}/${r.account}`, name: r.name };
      const what = `${SYSTEM_LABEL[r.system]} ${r.name} in ${r.scope}${r.person ? ` (${r.person})` : ''}`;
      const decided = `revoke decided by ${r.decidedBy} on ${r.decidedAt} in campaign ${r.campaign}`;
      const unread = failedReads(graph, r.system).find((x) => x.scope === r.scope);
      if (unread) {
        results.push({
          status: 'error',
          resource,
          message: `${what}: ${decided}; cannot verify, the read of ${describeRead(unread)} failed.`,
        });
        continue;
      }
      const live = liveAccess(graph, r);
      const hours = hoursBetween(r.decidedAt, now);
      results.push(
        live.length === 0
          ? { status: 'pass', resource, message: `${what}: ${decided}; the access is gone.` }
          : hours > sla
            ? {
                status: 'fail',
                resource,
                message: `${what}: ${decided}; still live ${hours} h later, beyond the ${sla} h SLA: ${live.join(', ')}.`,
                observed: { live, hours, slaHours: sla },
              }
            : {
                status: 'pass',
                resource,
                message: `${what}: ${decided}; still live (${live.join(', ')}) ${hours} h later, within the ${sla} h SLA.`,
                observed: { live, hours, slaHours: sla },
              },
      );
    }
    if (results.length === 0) {
      const newest = state.campaigns.at(-1);
      results.push({
        status: 'pass',
        resource: scopeResource(scope, 'organization'),
        message: newest
          ? `No revoke decision to verify in the ${state.campaigns.length} campaign(s) stored; the newest is ${newest.id} (record #${newest.seq}).`
          : 'No access review campaign is stored, so no revoke decision to verify.',
      });
    }
    return results;
  },
});

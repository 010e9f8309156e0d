import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  ACCOUNT_SYSTEMS,
  accountResource,
  accountsOf,
  describeRead,
  failedReads,
  personResource,
  SYSTEM_LABEL,
} from '../../src/model/people/graph-findings.js';

/**
 * Every admin path per person across the systems (Workspace super or delegated admin, GitHub org owner, IAM admin,
 * admin permission set), kept with each run as the inventory access reviews start from. An admin path that belongs
 * to nobody fails.
 */
export default defineCheck({
  id: 'people-privileged-access',
  title: 'Every admin path across the systems belongs to a named person or a declared service account',
  severity: 'high',
  rationale:
    'Privileged access is reviewed per person, not per system: the same person may be super admin, org owner and AWS administrator, and an admin account linked to no one is never reviewed nor revoked.',
  remediation:
    'Link or remove the admin account nobody answers for; review the inventory with each person’s manager and drop the paths they do not need.',
  requires: ['people.graph'],
  controls: ['iso27001:8.2', 'iso27001:5.15', 'iso27001:5.18'],
  evaluate(data, { scope }) {
    const graph = data['people.graph'];
    const results: CheckResult[] = [];
    for (const p of graph.persons) {
      const paths = [
        ...p.admin,
        ...accountsOf(graph, p.email).flatMap((a) => a.admin.map((x) => `${SYSTEM_LABEL[a.system]} ${a.name}: ${x}`)),
      ];
      if (paths.length === 0) continue;
      results.push({
        status: 'pass',
        resource: personResource(p),
        message: `${p.email} (${p.state}) holds ${paths.length} admin path${paths.length === 1 ? '' : 's'}: ${paths.join('; ')}.`,
        observed: { adminPaths: paths, state: p.state, executive: p.executiveVia.length > 0 },
      });
    }
    for (const a of graph.accounts.filter((x) => x.admin.length > 0 && !x.person)) {
      results.push(
        a.service
          ? {
              status: 'pass',
              resource: accountResource(a),
              message: `Service account ${a.name} in ${SYSTEM_LABEL[a.system]} ${a.scope} (owner ${a.service.owner}) holds ${a.admin.join('; ')}.`,
              observed: { adminPaths: a.admin, owner: a.service.owner },
            }
          : {
              status: 'fail',
              resource: accountResource(a),
              message: `${SYSTEM_LABEL[a.system]} account ${a.name} in ${a.scope} holds ${a.admin.join('; ')} and belongs to no person.`,
              observed: { adminPaths: a.admin },
            },
      );
    }
    for (const system of ['google-workspace', ...ACCOUNT_SYSTEMS] as const)
      for (const r of failedReads(graph, system))
        results.push({
          status: 'error',
          resource: { type: `${system}-admins`, id: r.scope },
          message: `The admin inventory lacks ${describeRead(r)}: the read failed.`,
          observed: { failures: r.failures },
        });
    if (results.length === 0)
      results.push({
        status: 'pass',
        resource: scopeResource(scope, 'organization'),
        message: 'No admin path was found in any system read.',
      });
    return results;
  },
});

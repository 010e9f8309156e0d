import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { hoursBetween, SYSTEM_LABEL } from '../../src/model/people/graph-findings.js';

const DAY_MS = 86_400_000;

/**
 * Time from offboarding to the first run that saw the access gone, per person and system: the evidence auditors ask
 * for under A.5.18 and A.6.5. Access still live is people-offboarded-access's finding.
 */
export default defineCheck({
  id: 'people-time-to-revoke',
  title: 'Offboarded people’s access was revoked within the SLA',
  severity: 'medium',
  rationale:
    'An auditor asks not only whether leavers lost access but how fast: the time to revoke per system shows the offboarding process works, or where it lags.',
  remediation:
    'Make revocation in every system part of the offboarding checklist (or automate it from the Workspace suspension), and shorten the slowest step.',
  requires: ['people.graph'],
  controls: ['iso27001:5.18', 'iso27001:6.5'],
  params: z
    .object({
      /** Revocations seen within this many days are reported. */
      windowDays: z.number().int().positive().max(400).default(90),
    })
    .strict(),
  evaluate(data, { now, params, scope }) {
    const graph = data['people.graph'];
    const sla = graph.offboardingSlaHours;
    const results = graph.revocations
      .filter((r) => r.revokedAt && now.getTime() - Date.parse(r.revokedAt) <= params.windowDays * DAY_MS)
      .map((r): CheckResult => {
        const hours = Math.max(0, hoursBetween(r.offboardedAt, r.revokedAt!));
        const within = hours <= sla;
        return {
          status: within ? 'pass' : 'fail',
          resource: { type: 'person', id: `${r.person} ${r.system}/${r.scope}/${r.account}`, name: r.name },
          message: `${SYSTEM_LABEL[r.system]} access of ${r.person} (${r.name} in ${r.scope}) was gone ${hours} h after the offboarding (${r.offboardingSource === 'admin-event' ? 'admin event' : 'first run that saw it'} ${r.offboardedAt}; first run without it ${r.revokedAt!}), ${within ? 'within' : 'over'} the ${sla} h SLA.`,
          observed: { ...r, hoursToRevoke: hours, slaHours: sla },
        };
      });
    return results.length > 0
      ? results
      : [
          {
            status: 'not_applicable',
            resource: scopeResource(scope, 'organization'),
            message: `No offboarded person's access was seen revoked in the last ${params.windowDays} days.`,
          },
        ];
  },
});

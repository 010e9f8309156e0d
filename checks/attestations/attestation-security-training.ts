import { addPeriod, attestationKind, describePeriod } from '../../src/model/attestation.js';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeImport, isoDay, personLabel, personResource } from '../../src/model/datasets/attestations.js';

/** Rows come from the newest `assay attest import --kind security-training`; people from the Workspace users. */
export default defineCheck({
  id: 'attestation-security-training',
  title: 'Every active Workspace user completed security awareness training within its period (yearly by default)',
  severity: 'medium',
  rationale:
    'Annex A 6.3 requires everyone to receive awareness training and regular updates; phishing and mishandled data start with people who were never shown what to look for.',
  remediation:
    'Assign the course to the people named, then import the LMS export again: assay attest import --kind security-training --file export.csv --by EMAIL.',
  requires: ['attestations.securityTraining'],
  controls: attestationKind('security-training').controls,
  evaluate(data, { now, scope }) {
    const d = data['attestations.securityTraining'];
    const source = describeImport(d.import);
    const every = describePeriod(d.period);
    const failures: CheckResult[] = [];
    let notYetDue = 0;
    for (const p of d.people) {
      if (p.lastAt && addPeriod(new Date(p.lastAt), d.period).getTime() > now.getTime()) continue;
      const hireDue = p.createdAt ? addPeriod(new Date(p.createdAt), d.newHireDays) : undefined;
      if (!p.lastAt && hireDue && hireDue.getTime() > now.getTime()) {
        notYetDue++;
        continue;
      }
      const message = p.lastAt
        ? `${personLabel(p)} last completed security awareness training on ${isoDay(p.lastAt)}: due since ${isoDay(addPeriod(new Date(p.lastAt), d.period))} (every ${every}; ${source}).`
        : `${personLabel(p)} has no security awareness training on record${p.createdAt ? ` (account created ${isoDay(p.createdAt)})` : ''} in ${source}.`;
      failures.push({
        status: 'fail',
        resource: personResource(p),
        message,
        observed: { lastCompleted: p.lastAt, createdAt: p.createdAt ?? null, importSeq: d.import.seq },
      });
    }
    if (failures.length > 0) return failures;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'organization'),
        message: `All ${d.people.length - notYetDue} active Workspace users due completed security awareness training within ${every}${notYetDue ? ` (${notYetDue} hired in the last ${d.newHireDays} days not yet due)` : ''}, per ${source}.`,
        observed: { activeUsers: d.people.length, notYetDue, import: d.import },
      },
    ];
  },
});

import { addPeriod, attestationKind, describePeriod } from '../../src/model/attestation.js';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeImport, isoDay, personLabel, personResource } from '../../src/model/datasets/attestations.js';

/**
 * Everyone acknowledges the current policy version within the kind's period (7 days by default) of joining, or of
 * its publication (`attestations.acknowledgements.publishedOn`) for people who were there before.
 */
export default defineCheck({
  id: 'attestation-policy-acknowledgement',
  title:
    'Every active Workspace user acknowledged the current policy version within days of joining or of its publication',
  severity: 'medium',
  rationale:
    'Annex A 5.10 and 6.2 require people to accept the acceptable-use rules and their security responsibilities as a term of employment, and again when the rules change.',
  remediation:
    'Send the current policy for signature to the people named, then import the e-signature export again: assay attest import --kind policy-acknowledgement --file export.csv --by EMAIL.',
  requires: ['attestations.policyAcknowledgements'],
  controls: attestationKind('policy-acknowledgement').controls,
  evaluate(data, { now, scope }) {
    const d = data['attestations.policyAcknowledgements'];
    const source = describeImport(d.import);
    const version = d.currentPolicyVersion;
    const failures: CheckResult[] = [];
    let notYetDue = 0;
    for (const p of d.people) {
      if (p.lastAt) continue;
      const since = [p.createdAt, d.publishedOn]
        .filter((x): x is string => x !== undefined)
        .sort()
        .at(-1);
      const due = since ? addPeriod(new Date(since), d.period) : undefined;
      if (due && due.getTime() > now.getTime()) {
        notYetDue++;
        continue;
      }
      failures.push({
        status: 'fail',
        resource: personResource(p),
        message: `${personLabel(p)} has not acknowledged policy version ${version}${due ? `: due since ${isoDay(due)}` : ''} (${source}).`,
        observed: {
          currentPolicyVersion: version,
          createdAt: p.createdAt ?? null,
          dueSince: due?.toISOString() ?? null,
        },
      });
    }
    if (failures.length > 0) return failures;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'organization'),
        message: `All ${d.people.length - notYetDue} active Workspace users due acknowledged policy version ${version}${notYetDue ? ` (${notYetDue} more due within ${describePeriod(d.period)})` : ''}, per ${source}.`,
        observed: { activeUsers: d.people.length, notYetDue, currentPolicyVersion: version, import: d.import },
      },
    ];
  },
});

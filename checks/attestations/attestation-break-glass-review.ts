import { addPeriod, attestationKind, describePeriod } from '../../src/model/attestation.js';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { attestationObserved, describeAttestation, isoDay } from '../../src/model/datasets/attestations.js';

/**
 * Each break-glass use `aws-cloudtrail-event-break-glass-role-assumed` reported (this run's, and earlier ones still
 * unreviewed) needs `assay attest break-glass-review --ref EVENT_ID --ticket URL` within the kind's period.
 */
export default defineCheck({
  id: 'attestation-break-glass-review',
  title: 'Every break-glass use was reviewed, with its ticket, within days of the use (5 by default)',
  severity: 'high',
  rationale:
    'Emergency access bypasses the usual approvals, so each use must be justified and reviewed after the fact (Annex A 8.2 privileged access, 5.26 incident response); an unreviewed use may be abuse nobody looked at.',
  remediation:
    'Review what the session did (CloudTrail events of the assumed-role session), link the incident ticket, then record the review: assay attest break-glass-review --ref EVENT_ID --ticket URL --by EMAIL [--file review.pdf].',
  requires: ['attestations.breakGlassReviews'],
  controls: attestationKind('break-glass-review').controls,
  evaluate(data, { now, scope }) {
    const d = data['attestations.breakGlassReviews'];
    const within = describePeriod(d.period);
    const results: CheckResult[] = d.unread.map((u) => ({
      status: 'error',
      resource: { type: 'aws-account', id: u.account },
      message: `Could not evaluate break-glass reviews of account ${u.account}: ${u.operation} failed (${u.message.replace(/\.$/, '')}).`,
      observed: { ...u },
    }));
    for (const u of d.uses) {
      const due = addPeriod(new Date(u.eventTime), d.period);
      const use = `Break-glass use of ${u.roleArn ?? 'a break-glass role'} by ${u.actor} at ${u.eventTime} (event ${u.eventId}, account ${u.account})`;
      const resource = { type: 'break-glass-use', id: u.eventId, name: `${u.account} ${u.eventTime}` };
      const observed = { eventId: u.eventId, findingKey: u.findingKey, account: u.account, eventTime: u.eventTime };
      if (u.review) {
        const late = Date.parse(u.review.at) > due.getTime() ? ` (late: due by ${isoDay(due)})` : '';
        results.push({
          status: 'pass',
          resource,
          message: `${use} was reviewed ${describeAttestation(u.review)}${late}.`,
          observed: { ...observed, review: attestationObserved(u.review) },
        });
      } else if (due.getTime() <= now.getTime()) {
        results.push({
          status: 'fail',
          resource,
          message: `${use} has no review; due since ${isoDay(due)} (within ${within}): record it with assay attest break-glass-review --ref ${u.eventId} --ticket URL --by EMAIL.`,
          observed: { ...observed, dueSince: due.toISOString() },
        });
      } else {
        results.push({
          status: 'pass',
          resource,
          message: `${use} awaits its review, due by ${isoDay(due)} (within ${within}).`,
          observed: { ...observed, dueBy: due.toISOString() },
        });
      }
    }
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'organization'),
        message: `No break-glass use awaits review (accounts read: ${d.accountsRead.join(', ') || 'none'}).`,
        observed: { accountsRead: d.accountsRead },
      },
    ];
  },
});

import { defineCheck, type CheckResult } from '../../src/model/check.js';
import {
  accountResource,
  accountsOf,
  describeOffboarding,
  describeRead,
  failedReads,
  personResource,
} from '../../src/model/people/graph-findings.js';

/**
 * A credential of an offboarded person used after the offboarding: an IAM access key whose last use (credential
 * report), or a CloudTrail event by that IAM user, is later than the offboarding time.
 */
export default defineCheck({
  id: 'people-credentials-after-offboarding',
  title: 'No credential of an offboarded person is used after their offboarding',
  severity: 'critical',
  rationale:
    'A key used after its holder left is either a former employee still acting or a credential in someone else’s hands; either way it is an incident, not a hygiene gap.',
  remediation:
    'Deactivate the access key and the console password at once, find what the key did since the offboarding (CloudTrail), and rotate what it could reach.',
  requires: ['people.graph'],
  controls: ['iso27001:5.18', 'iso27001:6.5', 'iso27001:8.5'],
  evaluate(data) {
    const graph = data['people.graph'];
    const iamUnread = failedReads(graph, 'aws-iam');
    const trailUnread = failedReads(graph, 'aws-cloudtrail');
    const trailRead = graph.systems.some((s) => s.system === 'aws-cloudtrail');
    const results: CheckResult[] = [];
    for (const p of graph.persons) {
      if (!p.offboarding) continue;
      const off = Date.parse(p.offboarding.at);
      const iam = accountsOf(graph, p.email).filter((a) => a.system === 'aws-iam');
      for (const a of iam) {
        const keys = (a.accessKeys ?? []).filter((k) => k.lastUsed !== null && Date.parse(k.lastUsed) > off);
        const events = graph.activityAfterOffboarding.filter((e) => e.account === a.id);
        if (keys.length === 0 && events.length === 0) continue;
        results.push({
          status: 'fail',
          resource: accountResource(a),
          message: `IAM user ${a.name} in ${a.scope} of ${p.email} (${describeOffboarding(p)}) was used after the offboarding: ${[
            ...keys.map((k) => `access key ${k.slot} last used ${k.lastUsed}${k.active ? ' (still active)' : ''}`),
            ...events.map((e) => `${e.eventName} at ${e.eventTime} (CloudTrail ${e.eventId})`),
          ].join('; ')}.`,
          observed: {
            person: p.email,
            offboardedAt: p.offboarding.at,
            offboardingSource: p.offboarding.source,
            accessKeys: keys,
            events,
          },
        });
      }
      const unread = [...iamUnread, ...trailUnread];
      if (unread.length > 0) {
        results.push({
          status: 'error',
          resource: personResource(p),
          message: `Use of ${p.email}'s credentials after the offboarding cannot be ruled out: ${unread.map((r) => `${describeRead(r)} was not read`).join('; ')}.`,
          observed: { offboardedAt: p.offboarding.at, failures: unread },
        });
      } else if (!results.some((r) => r.observed?.person === p.email)) {
        results.push({
          status: 'pass',
          resource: personResource(p),
          message: `No use of ${p.email}'s ${iam.length} linked IAM user${iam.length === 1 ? '' : 's'} after the offboarding (${p.offboarding.at}) in the credential report${trailRead ? ' or the CloudTrail events read' : '; CloudTrail was not configured'}.`,
          observed: { offboardedAt: p.offboarding.at, iamUsers: iam.map((a) => a.name) },
        });
      }
    }
    return results;
  },
});

import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  byEventTime,
  describeActor,
  describeWindow,
  eventObserved,
  eventResource,
  windowObserved,
} from '../../src/model/datasets/aws-cloudtrail.js';

// PutEventSelectors can drop management events without StopLogging; PutInsightSelectors turns anomaly detection off.
const VERB: Record<string, string> = {
  StopLogging: 'stopped',
  DeleteTrail: 'deleted',
  UpdateTrail: 'changed',
  PutEventSelectors: 'given new event selectors (what it records)',
  PutInsightSelectors: 'given new Insights selectors',
};

/** https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html */
export default defineCheck({
  id: 'aws-cloudtrail-event-logging-tampered',
  title: 'No CloudTrail trail was stopped, deleted or changed since the last run',
  severity: 'critical',
  rationale:
    'Turning off or redirecting the audit trail is what an intruder does first to hide the rest; a legitimate change to a trail is rare and should be tied to a change request.',
  remediation:
    'Check the trail is logging again with its intended settings (`aws cloudtrail get-trail-status`), and find out who made the change and why; review their other actions.',
  requires: ['aws-cloudtrail.trailChangeEvents'],
  controls: ['iso27001:8.15', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const w = data['aws-cloudtrail.trailChangeEvents'];
    const changes = w.events.filter((e) => e.eventName in VERB && !e.errorCode).sort(byEventTime);
    const results: CheckResult[] = changes.map((e) => ({
      status: 'fail',
      resource: eventResource(e),
      message: `Trail ${e.requestParameters.name ?? '(unknown)'} was ${VERB[e.eventName]} by ${describeActor(e)} at ${e.eventTime} (${e.awsRegion}).`,
      observed: { ...eventObserved(e), trail: e.requestParameters.name ?? null },
      // Reconfiguring is less severe than switching logging off.
      ...(e.eventName === 'UpdateTrail' || e.eventName === 'PutInsightSelectors' ? { severity: 'high' as const } : {}),
    }));
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `No trail of account ${scope.id} was stopped, deleted or changed ${describeWindow(w)}.`,
        observed: windowObserved(w, 0),
      },
    ];
  },
});

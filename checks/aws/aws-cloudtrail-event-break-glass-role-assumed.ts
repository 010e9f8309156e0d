import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  byEventTime,
  describeActor,
  describeWindow,
  eventObserved,
  eventResource,
  windowObserved,
} from '../../src/model/datasets/aws-cloudtrail.js';

/** Roles are named in `sources.aws.cloudtrail.breakGlassRoles`; the collector reads their events by resource name. */
export default defineCheck({
  id: 'aws-cloudtrail-event-break-glass-role-assumed',
  title: 'No break-glass role was assumed since the last run',
  severity: 'high',
  rationale:
    'A break-glass role exists for emergencies only; every use must be tied to an incident and reviewed afterwards, and an unexplained one means its credentials or trust policy are being abused.',
  remediation:
    "Link the session to its incident record and review what it did (CloudTrail events of the assumed-role session); if there is no incident, revoke the role's sessions and rotate whatever can assume it.",
  requires: ['aws-cloudtrail.breakGlassEvents'],
  controls: ['iso27001:8.2', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const w = data['aws-cloudtrail.breakGlassEvents'];
    const uses = w.events.filter((e) => !e.errorCode).sort(byEventTime);
    const results: CheckResult[] = uses.map((e) => ({
      status: 'fail',
      resource: eventResource(e),
      message: `Break-glass role ${e.requestParameters.roleArn ?? '(unknown)'} was assumed by ${describeActor(e)} at ${e.eventTime}${e.requestParameters.roleSessionName ? ` (session ${e.requestParameters.roleSessionName})` : ''}.`,
      observed: {
        ...eventObserved(e),
        roleArn: e.requestParameters.roleArn ?? null,
        roleSessionName: e.requestParameters.roleSessionName ?? null,
      },
    }));
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `No break-glass role (${w.roleArns.join(', ')}) was assumed in account ${scope.id} ${describeWindow(w)}.`,
        observed: { ...windowObserved(w, 0), roleArns: w.roleArns },
      },
    ];
  },
});

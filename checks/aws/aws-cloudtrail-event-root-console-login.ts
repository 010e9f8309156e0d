import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  byEventTime,
  describeWindow,
  eventObserved,
  eventResource,
  windowObserved,
} from '../../src/model/datasets/aws-cloudtrail.js';

/** https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html */
export default defineCheck({
  id: 'aws-cloudtrail-event-root-console-login',
  title: 'Nobody signed in to the console as the root user since the last run',
  severity: 'high',
  rationale:
    'Root is not bound by IAM policies and names no person; the few tasks that need it are rare and planned, so every root sign-in should be explainable, and an unexplained one is an incident.',
  remediation:
    'Ask who holds the root credentials and why they signed in; if nobody can explain it, rotate the root password and MFA device and review what the session did.',
  requires: ['aws-cloudtrail.consoleLoginEvents'],
  controls: ['iso27001:8.2', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const w = data['aws-cloudtrail.consoleLoginEvents'];
    const logins = w.events
      .filter((e) => e.userIdentity.type === 'Root' && e.loginResult === 'Success' && !e.errorCode)
      .sort(byEventTime);
    const results: CheckResult[] = logins.map((e) => ({
      status: 'fail',
      resource: eventResource(e),
      message: `The root user signed in to the console${e.sourceIPAddress ? ` from ${e.sourceIPAddress}` : ''} at ${e.eventTime} in ${e.awsRegion} (MFA used: ${e.mfaUsed ?? 'unknown'}).`,
      observed: { ...eventObserved(e), mfaUsed: e.mfaUsed ?? null },
      // Root with a password alone: whoever phished or guessed it owns the account, beyond any IAM policy.
      ...(e.mfaUsed === 'Yes' ? {} : { severity: 'critical' as const }),
    }));
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `Nobody signed in as root to account ${scope.id} ${describeWindow(w)}.`,
        observed: windowObserved(w, 0),
      },
    ];
  },
});

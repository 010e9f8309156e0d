import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  byEventTime,
  describeActor,
  describeWindow,
  eventObserved,
  eventResource,
  windowObserved,
} from '../../src/model/datasets/aws-cloudtrail.js';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html */
export default defineCheck({
  id: 'aws-cloudtrail-event-mfa-device-removed',
  title: 'No MFA device was deactivated or deleted since the last run',
  severity: 'high',
  rationale:
    "Removing a user's MFA device is the step before a password-only takeover; outside a documented offboarding or device swap it needs an explanation.",
  remediation:
    "Confirm the change with the user and the actor; if the device was replaced, check the new one is active; if not, re-enroll MFA and review the account's recent activity.",
  requires: ['aws-cloudtrail.mfaDeviceEvents'],
  controls: ['iso27001:8.5', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const w = data['aws-cloudtrail.mfaDeviceEvents'];
    const removed = w.events
      .filter(
        (e) => (e.eventName === 'DeactivateMFADevice' || e.eventName === 'DeleteVirtualMFADevice') && !e.errorCode,
      )
      .sort(byEventTime);
    const results: CheckResult[] = removed.map((e) => {
      const device = e.requestParameters.serialNumber ?? '(unknown device)';
      const owner = e.requestParameters.userName ? ` of user ${e.requestParameters.userName}` : '';
      return {
        status: 'fail',
        resource: eventResource(e),
        message: `MFA device ${device}${owner} was ${e.eventName === 'DeactivateMFADevice' ? 'deactivated' : 'deleted'} by ${describeActor(e)} at ${e.eventTime}.`,
        observed: { ...eventObserved(e), serialNumber: device, userName: e.requestParameters.userName ?? null },
      };
    });
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `No MFA device was deactivated or deleted in account ${scope.id} ${describeWindow(w)}.`,
        observed: windowObserved(w, 0),
      },
    ];
  },
});

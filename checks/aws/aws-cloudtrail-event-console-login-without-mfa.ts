import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import {
  byEventTime,
  describeActor,
  describeWindow,
  eventObserved,
  eventResource,
  windowObserved,
} from '../../src/model/datasets/aws-cloudtrail.js';

/**
 * `additionalEventData.MFAUsed` of ConsoleLogin. Federated sign-ins (SSO, SAML) are left out: their MFA happens at the
 * identity provider and CloudTrail always says No. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
export default defineCheck({
  id: 'aws-cloudtrail-event-console-login-without-mfa',
  title: 'Every console sign-in with an IAM user or root password used MFA since the last run',
  severity: 'high',
  rationale:
    'A password-only sign-in means the account can be taken over with a phished or reused password; it shows the MFA requirement is not enforced in practice.',
  remediation:
    'Assign an MFA device to the user (or move the person to IAM Identity Center), and deny console actions without MFA (aws:MultiFactorAuthPresent) until it is done.',
  requires: ['aws-cloudtrail.consoleLoginEvents'],
  controls: ['iso27001:8.5', 'iso27001:8.16'],
  evaluate(data, { scope }) {
    const w = data['aws-cloudtrail.consoleLoginEvents'];
    const bare = w.events
      .filter(
        (e) =>
          (e.userIdentity.type === 'IAMUser' || e.userIdentity.type === 'Root') &&
          e.loginResult === 'Success' &&
          e.mfaUsed === 'No' &&
          !e.errorCode,
      )
      .sort(byEventTime);
    const results: CheckResult[] = bare.map((e) => ({
      status: 'fail',
      resource: eventResource(e),
      message: `${e.userIdentity.type === 'Root' ? 'The root user' : `IAM user ${e.userIdentity.userName ?? e.userIdentity.arn ?? '(unknown)'}`} signed in to the console without MFA (${describeActor(e)}) at ${e.eventTime}.`,
      observed: { ...eventObserved(e), mfaUsed: 'No' },
      // The root user is bound by no IAM policy: its password alone gives away the whole account.
      ...(e.userIdentity.type === 'Root' ? { severity: 'critical' as const } : {}),
    }));
    if (results.length > 0) return results;
    return [
      {
        status: 'pass',
        resource: scopeResource(scope, 'aws-account'),
        message: `Every password sign-in to account ${scope.id} used MFA ${describeWindow(w)}.`,
        observed: windowObserved(w, 0),
      },
    ];
  },
});

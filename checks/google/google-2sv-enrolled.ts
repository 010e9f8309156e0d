import { defineCheck, scopeResource } from '../../src/model/check.js';
import { isActiveGoogleUser } from '../../src/model/datasets/google.js';

/** https://developers.google.com/admin-sdk/directory/reference/rest/v1/users (isEnrolledIn2Sv) */
export default defineCheck({
  id: 'google-2sv-enrolled',
  title: 'Every active Workspace user is enrolled in 2-Step Verification',
  severity: 'high',
  rationale:
    'An account without a second factor falls to one phished or reused password, and with it the mail, files and SSO apps behind it.',
  remediation:
    'Ask the user to enrol at myaccount.google.com/signinoptions/two-step-verification (a security key or passkey for admins), and enforce 2SV for their org unit so it cannot lapse.',
  requires: ['google-workspace.users'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const active = data['google-workspace.users'].filter(isActiveGoogleUser);
    const notEnrolled = active
      .filter((u) => u.isEnrolledIn2Sv !== true)
      .sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail));
    if (notEnrolled.length === 0) {
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'google-customer'),
          message: `All ${active.length} active users of ${scope.id} are enrolled in 2-Step Verification.`,
          observed: { activeUsers: active.length },
        },
      ];
    }
    return notEnrolled.map((u) => {
      const resource = { type: 'google-user', id: u.primaryEmail, ...(u.fullName ? { name: u.fullName } : {}) };
      if (u.isEnrolledIn2Sv === undefined) {
        return {
          status: 'error' as const,
          resource,
          message: `directory.users.list did not return isEnrolledIn2Sv for ${u.primaryEmail}.`,
          observed: { isEnrolledIn2Sv: 'absent' },
        };
      }
      return {
        status: 'fail' as const,
        resource,
        message: `User ${u.primaryEmail} is not enrolled in 2-Step Verification.`,
        observed: {
          isEnrolledIn2Sv: false,
          isEnforcedIn2Sv: u.isEnforcedIn2Sv ?? 'absent',
          orgUnitPath: u.orgUnitPath ?? '/',
          lastLoginTime: u.lastLoginTime ?? 'absent',
        },
      };
    });
  },
});

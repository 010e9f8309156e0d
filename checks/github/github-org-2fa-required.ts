import { defineCheck, scopeResource } from '../../src/model/check.js';

/** https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-two-factor-authentication-for-your-organization/requiring-two-factor-authentication-in-your-organization */
export default defineCheck({
  id: 'github-org-2fa-required',
  title: 'The GitHub organization requires two-factor authentication',
  severity: 'high',
  rationale:
    'With the requirement on, GitHub removes members and outside collaborators who have no 2FA, so a stolen password alone cannot reach source code.',
  remediation: 'Organization settings → Authentication security → "Require two-factor authentication for everyone".',
  requires: ['github.org'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const org = data['github.org'];
    const resource = scopeResource(scope, 'github-org');
    const value = org.two_factor_requirement_enabled;
    if (value === true) {
      return [
        {
          status: 'pass',
          resource,
          message: `Organization ${org.login} requires two-factor authentication.`,
          observed: { two_factor_requirement_enabled: true },
        },
      ];
    }
    if (value === false) {
      return [
        {
          status: 'fail',
          resource,
          message: `Organization ${org.login} does not require two-factor authentication.`,
          observed: { two_factor_requirement_enabled: false },
        },
      ];
    }
    return [
      {
        status: 'error',
        resource,
        message: `GET /orgs/{org} did not return two_factor_requirement_enabled for ${org.login}, which GitHub shows only to organization owners.`,
        observed: { two_factor_requirement_enabled: 'absent' },
      },
    ];
  },
});

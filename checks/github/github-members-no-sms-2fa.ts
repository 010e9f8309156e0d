import { defineCheck, scopeResource } from '../../src/model/check.js';

/**
 * https://docs.github.com/en/rest/orgs/members#list-organization-members (filter=2fa_insecure, owners only)
 * https://docs.github.com/en/authentication/securing-your-account-with-two-factor-authentication-2fa/configuring-two-factor-authentication#configuring-two-factor-authentication-using-text-messages
 */
export default defineCheck({
  id: 'github-members-no-sms-2fa',
  title: 'No GitHub organization member relies on SMS as their only second factor',
  severity: 'medium',
  rationale:
    'SMS codes can be intercepted or redirected by SIM swapping; an authenticator app, passkey or security key cannot.',
  remediation:
    'Ask the member to add a passkey, security key or authenticator app and remove SMS (Settings → Password and authentication).',
  requires: ['github.membersWithInsecure2fa', 'github.members', 'github.owners'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const insecure = data['github.membersWithInsecure2fa'];
    const owners = new Set(data['github.owners'].map((o) => o.login));
    if (insecure.length === 0) {
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'github-org'),
          message: `None of the ${data['github.members'].length} members of ${scope.id} relies on SMS-only two-factor authentication.`,
          observed: { members: data['github.members'].length, smsOnly: 0 },
        },
      ];
    }
    return insecure
      .map((u) => ({ u, owner: owners.has(u.login) }))
      .sort((a, b) => Number(b.owner) - Number(a.owner) || a.u.login.localeCompare(b.u.login))
      .map(({ u, owner }) => ({
        status: 'fail' as const,
        severity: owner ? ('high' as const) : undefined,
        resource: { type: 'github-user', id: u.login },
        message: `${owner ? 'Owner' : 'Member'} ${u.login} of ${scope.id} uses SMS as their only second factor.`,
        observed: { login: u.login, role: owner ? 'owner' : 'member', two_factor: 'sms_only' },
      }));
  },
});

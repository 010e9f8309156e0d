import { defineCheck, scopeResource } from '../../src/model/check.js';

/** https://docs.github.com/en/rest/orgs/members#list-organization-members (filter=2fa_disabled, owners only) */
export default defineCheck({
  id: 'github-members-2fa-enabled',
  title: 'Every GitHub organization member has two-factor authentication enabled',
  severity: 'high',
  rationale:
    'A member without 2FA can be taken over with a phished or reused password; owners first, since they can change every setting and repository.',
  remediation:
    'Ask the member to enable 2FA (Settings → Password and authentication), or turn on the organization 2FA requirement, which removes members without it.',
  requires: ['github.members', 'github.membersWithout2fa', 'github.owners'],
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  evaluate(data, { scope }) {
    const members = data['github.members'];
    const without = data['github.membersWithout2fa'];
    const owners = new Set(data['github.owners'].map((o) => o.login));
    if (without.length === 0) {
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'github-org'),
          message: `All ${members.length} members of ${scope.id} have two-factor authentication enabled.`,
          observed: { members: members.length, without2fa: 0 },
        },
      ];
    }
    return without
      .map((u) => ({ u, owner: owners.has(u.login) }))
      .sort((a, b) => Number(b.owner) - Number(a.owner) || a.u.login.localeCompare(b.u.login))
      .map(({ u, owner }) => ({
        status: 'fail' as const,
        severity: owner ? ('critical' as const) : undefined,
        resource: { type: 'github-user', id: u.login },
        message: `${owner ? 'Owner' : 'Member'} ${u.login} of ${scope.id} has two-factor authentication disabled.`,
        observed: { login: u.login, role: owner ? 'owner' : 'member', two_factor: 'disabled' },
      }));
  },
});

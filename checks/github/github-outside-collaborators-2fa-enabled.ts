import { defineCheck, scopeResource } from '../../src/model/check.js';

/** https://docs.github.com/en/rest/orgs/outside-collaborators#list-outside-collaborators-for-an-organization (filter=2fa_disabled, owners only) */
export default defineCheck({
  id: 'github-outside-collaborators-2fa-enabled',
  title: 'Every outside collaborator of the GitHub organization has two-factor authentication enabled',
  severity: 'high',
  rationale:
    "Outside collaborators reach the organization's code without being members; one without 2FA can be taken over with a phished or reused password, and their offboarding is nobody's routine.",
  remediation:
    'Ask the collaborator to enable 2FA (Settings → Password and authentication) or remove their repository access; requiring 2FA for the organization also removes outside collaborators without it.',
  requires: ['github.outsideCollaborators', 'github.outsideCollaboratorsWithout2fa'],
  controls: ['iso27001:5.17', 'iso27001:8.5', 'iso27001:5.19'],
  evaluate(data, { scope }) {
    const all = data['github.outsideCollaborators'];
    const without = data['github.outsideCollaboratorsWithout2fa'];
    if (without.length === 0) {
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'github-org'),
          message: `All ${all.length} outside collaborators of ${scope.id} have two-factor authentication enabled.`,
          observed: { outsideCollaborators: all.length, without2fa: 0 },
        },
      ];
    }
    return [...without]
      .sort((a, b) => a.login.localeCompare(b.login))
      .map((u) => ({
        status: 'fail' as const,
        resource: { type: 'github-user', id: u.login },
        message: `Outside collaborator ${u.login} of ${scope.id} has two-factor authentication disabled.`,
        observed: { login: u.login, role: 'outside collaborator', two_factor: 'disabled' },
      }));
  },
});

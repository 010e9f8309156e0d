import { defineCheck, scopeResource } from '../../src/model/check.js';

const RESTRICTED = ['read', 'none'];

/** https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-repository-roles/setting-base-permissions-for-an-organization */
export default defineCheck({
  id: 'github-org-default-permission-read',
  title: "The organization's base repository permission is read or none",
  severity: 'medium',
  rationale:
    'The base permission applies to every member on every repository; write or admin lets any member push to, or reconfigure, code they have no need to change.',
  remediation:
    'Organization settings → Member privileges → Base permissions: set "Read" or "No permission", and grant write through teams.',
  requires: ['github.org'],
  controls: ['iso27001:5.15', 'iso27001:8.3', 'iso27001:8.4'],
  evaluate(data, { scope }) {
    const org = data['github.org'];
    const resource = scopeResource(scope, 'github-org');
    const value = org.default_repository_permission;
    if (value === undefined || value === null) {
      return [
        {
          status: 'error',
          resource,
          message: `GET /orgs/{org} did not return default_repository_permission for ${org.login}, which GitHub shows only to organization owners.`,
          observed: { default_repository_permission: 'absent' },
        },
      ];
    }
    if (RESTRICTED.includes(value)) {
      return [
        {
          status: 'pass',
          resource,
          message: `Members of ${org.login} get ${value} access to repositories by default.`,
          observed: { default_repository_permission: value },
        },
      ];
    }
    return [
      {
        status: 'fail',
        resource,
        message: `Every member of ${org.login} gets ${value} access to every repository by default.`,
        observed: { default_repository_permission: value },
      },
    ];
  },
});

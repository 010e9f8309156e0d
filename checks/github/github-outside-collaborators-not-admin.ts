import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';

/**
 * https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-outside-collaborators/adding-outside-collaborators-to-repositories-in-your-organization
 * https://docs.github.com/en/graphql/reference/objects#repositorycollaboratorconnection
 */
export default defineCheck({
  id: 'github-outside-collaborators-not-admin',
  title: 'No outside collaborator has admin access to an active repository',
  severity: 'high',
  rationale:
    "Outside collaborators are not members and fall outside the organization's 2FA, SSO and offboarding; admin lets them change protection, add people and delete the repository.",
  remediation:
    "Repository settings → Collaborators and teams: lower the outside collaborator to write or read, or make them a member under the organization's controls.",
  requires: ['github.repositories', 'github.outsideCollaborators'],
  controls: ['iso27001:8.2', 'iso27001:5.18', 'iso27001:8.4'],
  evaluate(data, { scope }) {
    const active = data['github.repositories'].filter((r) => !r.isArchived);
    if (active.length === 0) {
      const archived = data['github.repositories'].length;
      return [
        {
          status: 'not_applicable',
          resource: scopeResource(scope, 'github-org'),
          message: `${scope.id} has no active repository whose collaborators could be checked (${archived} archived skipped).`,
          observed: {
            repositories: 0,
            archivedSkipped: archived,
            outsideCollaborators: data['github.outsideCollaborators'].length,
          },
        },
      ];
    }
    const adminOn = new Map<string, string[]>();
    const results: CheckResult[] = [];
    for (const repo of active) {
      if (repo.unreadable?.includes('collaborators')) {
        results.push({
          status: 'error',
          resource: { type: 'github-repo', id: repo.name },
          message: `GitHub refused to list the collaborators of ${scope.id}/${repo.name}.`,
          observed: { unreadable: ['collaborators'] },
        });
        continue;
      }
      for (const c of repo.outsideCollaborators) {
        if (c.permission === 'ADMIN') adminOn.set(c.login, [...(adminOn.get(c.login) ?? []), repo.name]);
      }
    }
    for (const [login, repos] of [...adminOn].sort(([a], [b]) => a.localeCompare(b))) {
      const list = repos.sort();
      results.push({
        status: 'fail',
        resource: { type: 'github-user', id: login },
        message: `Outside collaborator ${login} has admin access to ${list.length === 1 ? `repository ${scope.id}/${list[0]}` : `${list.length} repositories of ${scope.id}`}.`,
        observed: { login, adminOn: list },
      });
    }
    if (results.length === 0) {
      const n = data['github.outsideCollaborators'].length;
      results.push({
        status: 'pass',
        resource: scopeResource(scope, 'github-org'),
        message: `None of the ${n} outside collaborators of ${scope.id} has admin access to an active repository.`,
        observed: { outsideCollaborators: n, repositories: active.length },
      });
    }
    return results;
  },
});

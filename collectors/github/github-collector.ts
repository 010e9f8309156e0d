import { defineCollector, type ScopeRecorder } from '../../src/model/collector.js';
import type { GithubSourceConfig } from '../../src/model/config/github-config.js';
import { githubDatasets, type GithubOrg, type GithubUser } from '../../src/model/datasets/github.js';
import { createGithubClient, type GithubClient } from './github-client.js';
import { githubPermissions } from './github-permissions.js';

const toUser = (u: { login: string; id: number; type?: string }): GithubUser => ({ login: u.login, id: u.id, ...(u.type ? { type: u.type } : {}) });

function toOrg(o: Record<string, unknown> & { login: string; id: number }): GithubOrg {
  const plan = (o.plan as { name?: string } | undefined)?.name;
  return {
    login: o.login,
    id: o.id,
    name: (o.name as string | null | undefined) ?? null,
    ...(plan ? { plan } : {}),
    // Absent for non-owners: keep it absent so checks can tell "unknown" from "off".
    ...('two_factor_requirement_enabled' in o ? { two_factor_requirement_enabled: o.two_factor_requirement_enabled as boolean | null } : {}),
    ...('default_repository_permission' in o ? { default_repository_permission: o.default_repository_permission as string | null } : {}),
    ...('members_can_create_repositories' in o ? { members_can_create_repositories: o.members_can_create_repositories as boolean | null } : {}),
  };
}

async function collectOrg(gh: GithubClient, org: string, rec: ScopeRecorder): Promise<void> {
  const members = (filter: 'all' | '2fa_disabled', role: 'all' | 'admin') =>
    gh.paginate(gh.rest.orgs.listMembers, { org, filter, role, per_page: 100 }).then((list) => list.map(toUser));
  await Promise.all([
    rec.dataset('github.org', (call) => call('GET /orgs/{org}', async () => toOrg((await gh.rest.orgs.get({ org })).data as never))),
    rec.dataset('github.members', (call) => call('GET /orgs/{org}/members', () => members('all', 'all'))),
    rec.dataset('github.membersWithout2fa', (call) => call('GET /orgs/{org}/members?filter=2fa_disabled', () => members('2fa_disabled', 'all'))),
    rec.dataset('github.owners', (call) => call('GET /orgs/{org}/members?role=admin', () => members('all', 'admin'))),
  ]);
}

export const githubCollector = defineCollector<GithubSourceConfig>({
  id: 'github',
  source: 'github',
  title: 'GitHub organizations: settings, members, owners and their two-factor authentication',
  permissions: githubPermissions,
  schema: githubDatasets,
  async collect(ctx) {
    const gh = createGithubClient(ctx);
    await Promise.all(
      ctx.config.orgs.map((org) => ctx.scope({ kind: 'github-org', id: org }, (rec) => collectOrg(gh, org, rec))),
    );
  },
});

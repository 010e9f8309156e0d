import type { Logger } from 'pino';
import { CollectorError } from '../../src/errors.js';
import { defineCollector, type ScopeRecorder } from '../../src/model/collector.js';
import type { GithubSourceConfig } from '../../src/model/config/github-config.js';
import { githubDatasets, type GithubOrg, type GithubUser } from '../../src/model/datasets/github.js';
import type { GithubClient } from './github-client.js';
import { orgClients, type OrgClient } from './github-org-clients.js';
import { githubPermissions } from './github-permissions.js';
import {
  fetchSamlIdentities,
  fetchVerifiedDomainEmails,
  SAML_IDENTITIES_OPERATION,
  VERIFIED_EMAILS_OPERATION,
} from './github-identities.js';
import { guardedPages } from './github-pages.js';
import { fetchRepositories, REPOSITORIES_OPERATION } from './github-repositories.js';
import { fetchOrgRulesets, fetchRepositoryRulesets, RULESETS_OPERATION } from './github-rulesets.js';
import { fetchOpenSecretAlerts, fetchRepoSecurity, secretScanningUnavailable } from './github-security.js';
import {
  fetchMergedPullRequests,
  PULL_REQUESTS_CURSOR,
  PULL_REQUESTS_OPERATION,
  pullRequestWindow,
} from './github-pull-requests.js';

type GithubMemberItem = { login: string; id: number; type?: string };

const toUser = (u: GithubMemberItem): GithubUser => ({
  login: u.login,
  id: u.id,
  ...(u.type ? { type: u.type } : {}),
});

function toOrg(o: Record<string, unknown> & { login: string; id: number }): GithubOrg {
  const plan = (o.plan as { name?: string } | undefined)?.name;
  return {
    login: o.login,
    id: o.id,
    name: (o.name as string | null | undefined) ?? null,
    ...(plan ? { plan } : {}),
    // Absent for non-owners: keep it absent so checks can tell "unknown" from "off".
    ...('two_factor_requirement_enabled' in o
      ? { two_factor_requirement_enabled: o.two_factor_requirement_enabled as boolean | null }
      : {}),
    ...('default_repository_permission' in o
      ? { default_repository_permission: o.default_repository_permission as string | null }
      : {}),
    ...('members_can_create_repositories' in o
      ? { members_can_create_repositories: o.members_can_create_repositories as boolean | null }
      : {}),
  };
}

const ALERTS_OPERATION = 'GET /orgs/{org}/secret-scanning/alerts';

/** One organization: every list is org-wide and paged at 100; nothing is fetched per repository or per member. */
async function collectOrg(
  orgClient: () => Promise<OrgClient>,
  org: string,
  rec: ScopeRecorder,
  log: Logger,
  pullRequestsSince: (cursor: string | undefined) => { from: Date; to: Date },
  enterprise?: string,
): Promise<void> {
  const client = async (): Promise<GithubClient> => (await orgClient()).gh;
  /** For the repository lists: a client that sees only some repositories would make every per-repository check pass over a subset. */
  const wholeOrgClient = async (): Promise<GithubClient> => {
    const c = await orgClient();
    if (c.partial) throw new CollectorError(c.partial, 'GET /orgs/{org}/installation');
    return c.gh;
  };
  const members = async (filter: 'all' | '2fa_disabled' | '2fa_insecure', role: 'all' | 'admin') => {
    const gh = await client();
    return gh.paginate(
      gh.rest.orgs.listMembers,
      { org, filter, role, per_page: 100 },
      guardedPages('GET /orgs/{org}/members', toUser),
    );
  };
  /** `filter=2fa_disabled` is for owners only: anyone else gets 422, which stays an error. */
  const outsideCollaborators = async (filter: 'all' | '2fa_disabled') => {
    const gh = await client();
    return gh.paginate(
      gh.rest.orgs.listOutsideCollaborators,
      { org, filter, per_page: 100 },
      guardedPages('GET /orgs/{org}/outside_collaborators', toUser),
    );
  };
  const repositoriesAndRulesets = async () => {
    let rulesetIds: string[] | undefined;
    let failure = 'needs the repository list, which could not be read';
    await rec.dataset('github.repositories', (call) =>
      call(REPOSITORIES_OPERATION, async () => {
        const collected = await fetchRepositories(
          await wholeOrgClient().catch((err: unknown) => {
            failure = err instanceof Error ? err.message : String(err);
            throw err;
          }),
          org,
          log,
        );
        rulesetIds = collected.repositoryRulesetNodeIds;
        return collected.repositories;
      }),
    );
    if (rulesetIds === undefined) {
      // No call is made: the rulesets to look up come from the repository list.
      await rec.dataset('github.repoRulesets', () =>
        Promise.reject(new CollectorError(failure, REPOSITORIES_OPERATION)),
      );
      return;
    }
    const ids = rulesetIds;
    await rec.dataset('github.repoRulesets', (call) =>
      ids.length === 0
        ? Promise.resolve([])
        : call(RULESETS_OPERATION, async () => fetchRepositoryRulesets(await client(), ids)),
    );
  };
  /** Merged pull requests since the previous run's window ended; the cursor moves only when the whole window was read. */
  const pullRequests = async () => {
    const window = pullRequestsSince(rec.previousCursor(PULL_REQUESTS_CURSOR));
    const read = await rec.dataset('github.pullRequests', (call) =>
      call(PULL_REQUESTS_OPERATION, async () => fetchMergedPullRequests(await wholeOrgClient(), org, window, log)),
    );
    if (read) rec.setCursor(PULL_REQUESTS_CURSOR, read.to);
  };
  /** Who each member is at the IdP: SAML/SCIM identities and verified-domain emails, for the identity graph. */
  const identities = async () => {
    await rec.dataset('github.samlIdentities', (call) =>
      call(SAML_IDENTITIES_OPERATION, async () => {
        const read = await fetchSamlIdentities(await client(), org, enterprise);
        if (read.kind === 'identities') return read.identities;
        rec.notApplicable('github.samlIdentities', SAML_IDENTITIES_OPERATION, read.reason);
        throw new CollectorError(read.reason, SAML_IDENTITIES_OPERATION);
      }),
    );
    await rec.dataset('github.verifiedDomainEmails', (call) =>
      call(VERIFIED_EMAILS_OPERATION, async () => fetchVerifiedDomainEmails(await client(), org)),
    );
  };
  await Promise.all([
    rec.dataset('github.org', (call) =>
      call('GET /orgs/{org}', async () => toOrg((await (await client()).rest.orgs.get({ org })).data as never)),
    ),
    rec.dataset('github.members', (call) => call('GET /orgs/{org}/members', () => members('all', 'all'))),
    rec.dataset('github.membersWithout2fa', (call) =>
      call('GET /orgs/{org}/members?filter=2fa_disabled', () => members('2fa_disabled', 'all')),
    ),
    rec.dataset('github.membersWithInsecure2fa', (call) =>
      call('GET /orgs/{org}/members?filter=2fa_insecure', () => members('2fa_insecure', 'all')),
    ),
    rec.dataset('github.owners', (call) => call('GET /orgs/{org}/members?role=admin', () => members('all', 'admin'))),
    rec.dataset('github.outsideCollaborators', (call) =>
      call('GET /orgs/{org}/outside_collaborators', () => outsideCollaborators('all')),
    ),
    rec.dataset('github.outsideCollaboratorsWithout2fa', (call) =>
      call('GET /orgs/{org}/outside_collaborators?filter=2fa_disabled', () => outsideCollaborators('2fa_disabled')),
    ),
    // One GraphQL query at a time per organization, as GitHub asks of integrators (secondary rate limits).
    repositoriesAndRulesets().then(pullRequests).then(identities),
    rec.dataset('github.repoSecurity', (call) =>
      call('GET /orgs/{org}/repos', async () => fetchRepoSecurity(await wholeOrgClient(), org)),
    ),
    rec.dataset('github.orgRulesets', (call) =>
      call('GET /orgs/{org}/rulesets', async () => fetchOrgRulesets(await client(), org)),
    ),
    rec.dataset('github.secretScanningAlerts', (call) =>
      call(ALERTS_OPERATION, async () => {
        try {
          return await fetchOpenSecretAlerts(await wholeOrgClient(), org);
        } catch (err) {
          const reason = secretScanningUnavailable(err);
          if (reason) rec.notApplicable('github.secretScanningAlerts', ALERTS_OPERATION, reason);
          throw err;
        }
      }),
    ),
  ]);
}

export const githubCollector = defineCollector<GithubSourceConfig>({
  id: 'github',
  source: 'github',
  title:
    'GitHub organizations: settings, members and 2FA, repositories, branch rules, outside collaborators, secret scanning and merged pull requests',
  permissions: githubPermissions,
  schema: githubDatasets,
  async collect(ctx) {
    const clientFor = orgClients(ctx);
    await Promise.all(
      ctx.config.orgs.map((org) => {
        let client: Promise<OrgClient> | undefined;
        // Created by the first call that needs it, so an App's installation lookup is counted and named there.
        const once = () => (client ??= clientFor(org));
        const since = (cursor: string | undefined) =>
          pullRequestWindow(ctx.now, ctx.config.pullRequestLookbackDays, cursor);
        return ctx.scope({ kind: 'github-org', id: org }, (rec) =>
          collectOrg(once, org, rec, ctx.log, since, ctx.config.enterprise),
        );
      }),
    );
  },
});

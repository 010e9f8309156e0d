import { CollectorError, ConfigError } from '../../src/errors.js';
import type { CollectorContext } from '../../src/model/collector.js';
import type { GithubSourceConfig } from '../../src/model/config/github-config.js';
import { createGithubClient, type GithubClient } from './github-client.js';

export const INSTALLATION_OPERATION = 'GET /orgs/{org}/installation';

/** A PEM key pasted into one environment-variable line usually has its newlines written as `\n`. */
function readPrivateKey(ctx: CollectorContext<GithubSourceConfig>, ref: { env: string }): string {
  const key = ctx.secret(ref, 'sources.github.auth.app.privateKey').replace(/\\n/g, '\n').trim();
  if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----$/.test(key)) {
    throw new ConfigError(
      `sources.github.auth.app.privateKey: environment variable ${ref.env} does not hold a PEM private key (expected the PEM key file GitHub gave you: -----BEGIN … PRIVATE KEY----- …)`,
    );
  }
  return key;
}

/** A client for one organization, and why it cannot see all of the organization's repositories, if it cannot. */
export interface OrgClient {
  gh: GithubClient;
  partial?: string;
}

/**
 * Whether an installation covers every repository. `repository_selection` comes with the installation lookup, and
 * with the installation token (which every App client fetches anyway), so reading it costs no extra request.
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
 */
const partialSelection = (appId: number, org: string, selection: string | undefined): string | undefined =>
  selection === 'all'
    ? undefined
    : `the GitHub App ${appId} is installed on selected repositories of ${org} only (repository_selection: ${selection ?? 'not reported'}), so the repositories it cannot see would go unchecked; install it on all repositories`;

/**
 * The client to read one organization with. A token serves every organization; a GitHub App authenticates as its
 * installation on that organization, looked up with the app's JWT when the config does not give its id. The lookup
 * and the token exchange happen inside the first call that needs them, so they are counted against it.
 * https://docs.github.com/en/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app
 */
export function orgClients(ctx: CollectorContext<GithubSourceConfig>): (org: string) => Promise<OrgClient> {
  const { auth } = ctx.config;
  if (auth.token) {
    const gh = createGithubClient(ctx, { kind: 'token', token: ctx.secret(auth.token, 'sources.github.auth.token') });
    return () => Promise.resolve({ gh });
  }
  const app = auth.app!;
  const privateKey = readPrivateKey(ctx, app.privateKey);
  let appClient: GithubClient | undefined;
  return async (org) => {
    let installationId = app.installationIds[org];
    let selection: string | undefined;
    if (installationId === undefined) {
      appClient ??= createGithubClient(ctx, { kind: 'app', appId: app.appId, privateKey });
      try {
        const { data } = await appClient.request('GET /orgs/{org}/installation', { org });
        installationId = data.id;
        selection = data.repository_selection;
      } catch (err) {
        const e = err as { status?: number; message?: string };
        throw new CollectorError(
          `GitHub App ${app.appId} has no installation on ${org} that it can use (${INSTALLATION_OPERATION} answered ${e.status ?? 'an error'}: ${e.message ?? String(err)})`,
          INSTALLATION_OPERATION,
          e.status,
          { cause: err },
        );
      }
    }
    const gh = createGithubClient(ctx, { kind: 'app', appId: app.appId, privateKey, installationId });
    if (selection === undefined) {
      // The token exchange every request needs first; auth-app caches the token for the requests that follow.
      selection = ((await gh.auth({ type: 'installation' })) as { repositorySelection?: string }).repositorySelection;
    }
    const partial = partialSelection(app.appId, org, selection);
    return partial ? { gh, partial } : { gh };
  };
}

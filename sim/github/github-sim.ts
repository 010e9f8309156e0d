import type { SimRequest, SimResponse } from '../http/route.js';
import { SimServer, type SimServerOptions } from '../http/sim-server.js';
import { GithubRateLimit } from './github-rate-limit.js';
import { githubError, githubRoutes } from './github-routes.js';
import { findOrg, type GithubState } from './github-state.js';
import { githubViewer } from './github-viewer.js';
import { githubCodeRoutes } from './github-code-routes.js';
import { githubGraphqlRoute } from './github-graphql-route.js';
import { githubAppRoutes, SimGithubApp } from './github-app.js';
import { githubPageFaults } from './github-page-faults.js';

export interface GithubSim {
  server: SimServer;
  baseUrl: string;
  /** Token of a user who owns every organization. */
  token: string;
  ownerToken(org: string): string;
  memberToken(org: string): string;
  /** A GitHub App installed on every organization (sim/github/github-app.ts). */
  app: SimGithubApp;
}

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

/** GitHub's headers on every answer, the primary rate limit, and its secondary rate limit as the 'rate-limit' fault. */
function githubFlavour(state: GithubState): SimServerOptions {
  const rateLimit = new GithubRateLimit();
  let requestSeq = 0;
  return {
    notFound: () => githubError(404, 'Not Found', 'https://docs.github.com/rest'),
    // plugin-throttling recognizes a secondary limit by "secondary rate" in the message and waits `retry-after`;
    // GitHub answers it with 403 or 429.
    rateLimited: (_req, retryAfterSeconds, secondary) => ({
      ...githubError(
        secondary ? 403 : 429,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
      ),
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
    pages: githubPageFaults,
    finish(req: SimRequest, res: SimResponse): SimResponse {
      const viewer = githubViewer(state, req.headers);
      const user = viewer.kind === 'user';
      const rl = rateLimit.consume(user ? `token:${viewer.token}` : 'anonymous', user ? 5000 : 60);
      const answer =
        rl.exceeded && res.status < 400
          ? githubError(
              403,
              `API rate limit exceeded for ${user ? `user ID ${viewer.user.id}` : '127.0.0.1'}.`,
              `${RATE_LIMIT_DOCS}#about-the-primary-rate-limit`,
            )
          : res;
      requestSeq += 1;
      const seq = requestSeq.toString(16).toUpperCase().padStart(6, '0');
      return {
        ...answer,
        headers: {
          'x-ratelimit-limit': String(rl.limit),
          'x-ratelimit-remaining': String(rl.remaining),
          'x-ratelimit-used': String(rl.used),
          'x-ratelimit-reset': String(rl.reset),
          'x-ratelimit-resource': 'core',
          'x-github-request-id': `51A1:1D3E:${seq}:${seq}:${rl.reset.toString(16).toUpperCase()}`,
          'x-github-media-type': 'github.v3; format=json',
          'x-github-api-version-selected': '2022-11-28',
          ...(user ? { 'x-oauth-scopes': 'read:org', 'x-accepted-oauth-scopes': '' } : {}),
          ...answer.headers,
        },
      };
    },
  };
}

/** Serves `state` as api.github.com on 127.0.0.1; point Octokit's `baseUrl` at `baseUrl`. */
export async function startGithubSim(state: GithubState, opts: { latencyMs?: number } = {}): Promise<GithubSim> {
  const app = new SimGithubApp(state);
  const routes = [
    ...githubRoutes(state),
    ...githubCodeRoutes(state),
    githubGraphqlRoute(state),
    ...githubAppRoutes(state, app),
  ];
  const server = new SimServer('github', routes, githubFlavour(state));
  if (opts.latencyMs) server.setLatency('*', opts.latencyMs);
  const baseUrl = await server.listen();
  const org = (login: string) => {
    const o = findOrg(state, login);
    if (!o) throw new Error(`the simulated GitHub has no organization ${login}`);
    return o;
  };
  return {
    server,
    baseUrl,
    token: state.adminToken,
    ownerToken: (login) => org(login).ownerToken,
    memberToken: (login) => org(login).memberToken,
    app,
  };
}

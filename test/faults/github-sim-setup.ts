import { generateGithub } from '../../sim/github/generate-github.js';
import { startGithubSim } from '../../sim/github/github-sim.js';
import { Random } from '../../sim/random.js';
import { UNRESOLVABLE_URL, type ConfigVariant, type MatrixSim } from './fault-matrix.js';

/** One small organization (8 members, 12 repositories). */
export async function startGithubMatrixSim(): Promise<MatrixSim> {
  const state = generateGithub(new Random(5), { orgs: 1, membersPerOrg: 8, reposPerOrg: 12 });
  const gh = await startGithubSim(state);
  // The simulator loads GitHub's GraphQL schema on the first query: seconds that would count against a run's limit.
  await fetch(`${gh.baseUrl}/graphql`, {
    method: 'POST',
    headers: { authorization: `bearer ${gh.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ viewer { login } }' }),
  });
  const config = (variant: ConfigVariant) => ({
    yaml: `version: 1
run: { collectorTimeoutSeconds: 8 }
sources:
  github:
    baseUrl: ${variant === 'dns-failure' ? UNRESOLVABLE_URL : gh.baseUrl}
    auth: { token: { env: GH } }
    orgs: [${state.orgs.map((o) => o.login).join(', ')}]
    retries: 1
    requestTimeoutSeconds: 1
`,
    // A token-shaped value GitHub no longer accepts, built from parts so no scanner takes it for a leaked token.
    env: { GH: variant === 'revoked-credentials' ? ['ghp', `revoked${'0'.repeat(28)}`].join('_') : gh.token },
  });
  return { server: gh.server, config, stop: () => gh.server.close() };
}

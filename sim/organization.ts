import { generateGithub } from './github/generate-github.js';
import { githubTruth } from './github/github-truth.js';
import { startGithubSim } from './github/github-sim.js';
import type { GithubState } from './github/github-state.js';
import { mergeTruth, type GroundTruth } from './ground-truth.js';
import type { SimServer } from './http/sim-server.js';
import { Random } from './random.js';

export interface SimulatedOrganizationOptions {
  seed?: number;
  githubOrgs?: number;
  membersPerOrg?: number;
  /** Added to every answer of every simulated API. */
  latencyMs?: number;
}

export interface SimulatedOrganization {
  github: {
    baseUrl: string;
    /** Token of a user who owns every organization: what one assay config uses. */
    token: string;
    orgs: Array<{ login: string; ownerToken: string; memberToken: string }>;
    server: SimServer;
    /** Live: changing it changes what the API answers from the next request on. */
    state: GithubState;
  };
  /** Every violation planted, by check id. */
  truth: GroundTruth;
  servers: SimServer[];
  stop(): Promise<void>;
}

/**
 * A whole made-up company on 127.0.0.1, the same for the same seed. Each vendor draws from its own fork of the
 * seed, so adding a vendor does not change another's data.
 */
export async function startSimulatedOrganization(opts: SimulatedOrganizationOptions = {}): Promise<SimulatedOrganization> {
  const { seed = 42, githubOrgs = 2, membersPerOrg = 40, latencyMs = 0 } = opts;
  const rng = new Random(seed);
  const servers: SimServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const githubState = generateGithub(rng.fork('github'), { orgs: githubOrgs, membersPerOrg });
    const github = await startGithubSim(githubState, { latencyMs });
    servers.push(github.server);
    return {
      github: {
        baseUrl: github.baseUrl,
        token: github.token,
        orgs: githubState.orgs.map((o) => ({ login: o.login, ownerToken: o.ownerToken, memberToken: o.memberToken })),
        server: github.server,
        state: githubState,
      },
      truth: mergeTruth(githubTruth(githubState)),
      servers,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

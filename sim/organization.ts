import { createHash } from 'node:crypto';
import { generateGithub } from './github/generate-github.js';
import { githubTruth } from './github/github-truth.js';
import { githubCodeTruth } from './github/github-code-truth.js';
import type { SimGithubApp } from './github/github-app.js';
import { startGithubSim } from './github/github-sim.js';
import type { GithubState } from './github/github-state.js';
import { generateAws } from './aws/generate-aws.js';
import { startAwsSim } from './aws/aws-sim.js';
import { awsIamTruth } from './aws/aws-iam-truth.js';
import { cloudtrailTruth } from './aws/cloudtrail-truth.js';
import { s3Truth, simEvidenceBucket } from './aws/s3-truth.js';
import { bedrockTruth } from './aws/bedrock-truth.js';
import { identityCenterTruth } from './aws/identity-center-truth.js';
import { BREAK_GLASS_ROLE } from './aws/cloudtrail-state.js';
import type { AwsSimState } from './aws/aws-state.js';
import { generateGoogle } from './google/generate-google.js';
import { googleTruth } from './google/google-truth.js';
import { startGoogleSim, type GoogleSim } from './google/google-sim.js';
import type { GoogleState, SimGoogleDesignations } from './google/google-state.js';
import { mergeTruth, type GroundTruth } from './ground-truth.js';
import { plantPeople, type SimPeopleDesignations } from './people/plant-people.js';
import type { SimServer } from './http/sim-server.js';
import { Random } from './random.js';
import { startReceivers, type SimReceivers } from './receivers/receivers-sim.js';

export interface SimulatedOrganizationOptions {
  seed?: number;
  githubOrgs?: number;
  membersPerOrg?: number;
  /** Repositories of each GitHub organization (at least 12). */
  reposPerOrg?: number;
  /** AWS accounts in the organization, the management account included. */
  awsAccounts?: number;
  awsUsersPerAccount?: number;
  /** Users of AWS IAM Identity Center (at least 20; 0: not enabled), provisioned from the Workspace people first. */
  identityCenterUsers?: number;
  /** Users of the Workspace customer (at least 40). */
  googleUsers?: number;
  /** The clock the Workspace data is dated against (sign-ins, grants); default: now. */
  now?: Date;
  /** Added to every answer of every simulated API. */
  latencyMs?: number;
  /**
   * Where the AWS event window of the run starts (the previous stored run, less CloudTrail's delivery delay);
   * default: 24 hours before `now`, a first run's window.
   */
  awsEventsSince?: Date;
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
    /** A GitHub App installed on every organization (`credentials()` for `sources.github.auth.app`). */
    app: SimGithubApp;
  };
  aws: {
    /** One endpoint for every AWS client; credentials are a user in the management account. */
    endpoint: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    /** The role to assume in member accounts. */
    roleName: string;
    /** What the company's config says: regions read (unset: every enabled one), the break-glass role, the evidence bucket. */
    regions?: string[];
    breakGlassRoles: string[];
    evidenceBucket: string | undefined;
    accounts: Array<{ id: string; name: string }>;
    server: SimServer;
    state: AwsSimState;
  };
  /** The Workspace sim (root and token URLs, generated service-account key, subject, customer, domain) and its state. */
  google: GoogleSim & {
    /** What the company's config says: executives, break-glass accounts, approved apps; the truth assumes them. */
    designations: SimGoogleDesignations;
    state: GoogleState;
  };
  /** One population across the vendors: what the company's config says under `people`. */
  people: SimPeopleDesignations;
  /** Every violation planted, by check id. */
  truth: GroundTruth;
  /** Loopback chat webhooks and ticket systems: where the demo's alerts and tickets go. */
  receivers: SimReceivers;
  servers: SimServer[];
  stop(): Promise<void>;
}

/**
 * A whole made-up company on 127.0.0.1, the same for the same seed. Each vendor draws from its own fork of the
 * seed, so adding a vendor does not change another's data.
 */
export async function startSimulatedOrganization(
  opts: SimulatedOrganizationOptions = {},
): Promise<SimulatedOrganization> {
  const {
    seed = 42,
    githubOrgs = 2,
    membersPerOrg = 40,
    reposPerOrg = 24,
    awsAccounts = 3,
    awsUsersPerAccount = 20,
    googleUsers = 120,
    now = new Date(),
    latencyMs = 0,
  } = opts;
  const lookbackHours = opts.awsEventsSince ? (now.getTime() - opts.awsEventsSince.getTime()) / 3_600_000 : 24;
  const rng = new Random(seed);
  const servers: SimServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const githubState = generateGithub(rng.fork('github'), { orgs: githubOrgs, membersPerOrg, reposPerOrg });
    const github = await startGithubSim(githubState, { latencyMs });
    servers.push(github.server);
    const googleState = generateGoogle(rng.fork('google'), { users: googleUsers, now });
    const awsState = generateAws(rng.fork('aws'), {
      accounts: awsAccounts,
      usersPerAccount: awsUsersPerAccount,
      now: now.toISOString(),
      ...(opts.identityCenterUsers !== undefined ? { identityCenterUsers: opts.identityCenterUsers } : {}),
      // Identity Center is provisioned from the Workspace (SCIM): same emails, the Google id as ExternalId.
      identityCenterPeople: googleState.users.map((u) => ({
        email: u.primaryEmail,
        givenName: u.givenName,
        familyName: u.familyName,
        externalId: u.id,
        suspended: u.suspended || u.archived,
      })),
    });
    const people = plantPeople(googleState, githubState, awsState);
    const aws = await startAwsSim(awsState, { latencyMs });
    servers.push(aws.server);
    const google = await startGoogleSim(googleState, { latencyMs });
    servers.push(google.server);
    const receivers = await startReceivers(seed);
    servers.push(receivers.server);
    // The ticket systems know the organization's managers, so an offboarding ticket reaches the leaver's manager.
    for (const email of new Set(googleState.users.flatMap((u) => (u.manager ? [u.manager] : [])))) {
      const hex = createHash('sha256').update(email).digest('hex');
      receivers.state.users.push({
        email,
        name: email.split('@')[0]!,
        linearId: `user-${hex.slice(0, 12)}`,
        jiraAccountId: hex.slice(0, 24),
        active: true,
      });
    }
    return {
      github: {
        baseUrl: github.baseUrl,
        token: github.token,
        orgs: githubState.orgs.map((o) => ({ login: o.login, ownerToken: o.ownerToken, memberToken: o.memberToken })),
        server: github.server,
        state: githubState,
        app: github.app,
      },
      aws: {
        endpoint: aws.endpoint,
        region: aws.region,
        accessKeyId: aws.accessKeyId,
        secretAccessKey: aws.secretAccessKey,
        roleName: awsState.auditRoleName,
        breakGlassRoles: [BREAK_GLASS_ROLE],
        evidenceBucket: simEvidenceBucket(awsState),
        accounts: aws.accounts,
        server: aws.server,
        state: awsState,
      },
      google: { ...google, designations: googleState.designations, state: googleState },
      people: people.designations,
      truth: mergeTruth(
        people.truth,
        githubTruth(githubState),
        githubCodeTruth(githubState),
        awsIamTruth(awsState),
        cloudtrailTruth(awsState, { lookbackHours, breakGlass: true }),
        s3Truth(awsState),
        bedrockTruth(awsState),
        identityCenterTruth(awsState),
        googleTruth(googleState),
      ),
      receivers,
      servers,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

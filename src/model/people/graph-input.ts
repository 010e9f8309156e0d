import { z } from 'zod';
import type { DatasetKey, DatasetTypes } from '../datasets/index.js';
import type { GraphSystem, SystemRead } from '../datasets/people.js';
import type { Snapshot } from '../snapshot.js';
import {
  GithubSamlIdentitySchema,
  GithubVerifiedEmailsSchema,
  type GithubSamlIdentity,
  type GithubVerifiedEmails,
} from './github-identities.js';

type D<K extends DatasetKey> = DatasetTypes[K] | undefined;

export interface GoogleInput {
  scope: string;
  users: D<'google-workspace.users'>;
  roles: D<'google-workspace.roles'>;
  roleAssignments: D<'google-workspace.roleAssignments'>;
  executives: D<'google-workspace.executives'>;
  adminEvents: D<'google-workspace.userAdminEvents'>;
}

export interface GithubInput {
  org: string;
  members: D<'github.members'>;
  owners: D<'github.owners'>;
  without2fa: D<'github.membersWithout2fa'>;
  insecure2fa: D<'github.membersWithInsecure2fa'>;
  outside: D<'github.outsideCollaborators'>;
  outsideWithout2fa: D<'github.outsideCollaboratorsWithout2fa'>;
  samlIdentities: GithubSamlIdentity[] | undefined;
  verifiedEmails: GithubVerifiedEmails[] | undefined;
}

export interface IamInput {
  account: string;
  report: D<'aws-iam.credentialReport'>;
  details: D<'aws-iam.authorizationDetails'>;
}

export interface IdentityCenterInput {
  scope: string;
  instance: D<'aws-identity-center.instance'>;
  users: D<'aws-identity-center.users'>;
  groups: D<'aws-identity-center.groups'>;
  permissionSets: D<'aws-identity-center.permission-sets'>;
  assignments: D<'aws-identity-center.assignments'>;
}

export interface CloudtrailInput {
  account: string;
  windows: Array<NonNullable<D<'aws-cloudtrail.consoleLoginEvents'>>>;
}

/** What the identity graph reads from a run's snapshots, per system and scope, with what failed to read. */
export interface GraphInput {
  google: GoogleInput[];
  github: GithubInput[];
  iam: IamInput[];
  identityCenter: IdentityCenterInput[];
  cloudtrail: CloudtrailInput[];
  systems: SystemRead[];
}

const GRAPH_DATASETS: Record<GraphSystem, readonly string[]> = {
  'google-workspace': [
    'google-workspace.users',
    'google-workspace.roles',
    'google-workspace.roleAssignments',
    'google-workspace.executives',
    'google-workspace.userAdminEvents',
  ],
  github: [
    'github.members',
    'github.owners',
    'github.membersWithout2fa',
    'github.membersWithInsecure2fa',
    'github.outsideCollaborators',
    'github.outsideCollaboratorsWithout2fa',
    'github.samlIdentities',
    'github.verifiedDomainEmails',
  ],
  'aws-iam': ['aws-iam.credentialReport', 'aws-iam.authorizationDetails'],
  'aws-identity-center': [
    'aws-identity-center.instance',
    'aws-identity-center.users',
    'aws-identity-center.groups',
    'aws-identity-center.permission-sets',
    'aws-identity-center.assignments',
  ],
  'aws-cloudtrail': ['aws-cloudtrail.consoleLoginEvents', 'aws-cloudtrail.policyChangeEvents'],
};

/** Every dataset the graph is built from: what the people derivation declares it reads. */
export const GRAPH_READS = Object.values(GRAPH_DATASETS).flat() as DatasetKey[];

const parsed = <T>(schema: z.ZodType<T>, value: unknown): T | undefined =>
  value === undefined ? undefined : schema.parse(value);

/** Splits the run's snapshots by system; a dataset the graph uses that failed to read is listed under `systems`. */
export function readGraphInput(snapshots: readonly Snapshot[]): GraphInput {
  const input: GraphInput = { google: [], github: [], iam: [], identityCenter: [], cloudtrail: [], systems: [] };
  for (const s of snapshots) {
    const system = (Object.keys(GRAPH_DATASETS) as GraphSystem[]).find((k) => k === s.collector);
    if (!system) continue;
    const get = <K extends DatasetKey>(key: K) => s.data[key] as D<K>;
    const scope = s.scope.id;
    input.systems.push({
      system,
      scope,
      failures: GRAPH_DATASETS[system].flatMap((dataset) => {
        const m = s.missing[dataset];
        return m?.kind === 'error' ? [{ dataset, operation: m.operation, message: m.message }] : [];
      }),
    });
    if (system === 'google-workspace')
      input.google.push({
        scope,
        users: get('google-workspace.users'),
        roles: get('google-workspace.roles'),
        roleAssignments: get('google-workspace.roleAssignments'),
        executives: get('google-workspace.executives'),
        adminEvents: get('google-workspace.userAdminEvents'),
      });
    else if (system === 'github')
      input.github.push({
        org: scope,
        members: get('github.members'),
        owners: get('github.owners'),
        without2fa: get('github.membersWithout2fa'),
        insecure2fa: get('github.membersWithInsecure2fa'),
        outside: get('github.outsideCollaborators'),
        outsideWithout2fa: get('github.outsideCollaboratorsWithout2fa'),
        samlIdentities: parsed(z.array(GithubSamlIdentitySchema), s.data['github.samlIdentities']),
        verifiedEmails: parsed(z.array(GithubVerifiedEmailsSchema), s.data['github.verifiedDomainEmails']),
      });
    else if (system === 'aws-iam')
      input.iam.push({
        account: scope,
        report: get('aws-iam.credentialReport'),
        details: get('aws-iam.authorizationDetails'),
      });
    else if (system === 'aws-identity-center')
      input.identityCenter.push({
        scope,
        instance: get('aws-identity-center.instance'),
        users: get('aws-identity-center.users'),
        groups: get('aws-identity-center.groups'),
        permissionSets: get('aws-identity-center.permission-sets'),
        assignments: get('aws-identity-center.assignments'),
      });
    else
      input.cloudtrail.push({
        account: scope,
        windows: [get('aws-cloudtrail.consoleLoginEvents'), get('aws-cloudtrail.policyChangeEvents')].filter(
          (w) => w !== undefined,
        ),
      });
  }
  return input;
}

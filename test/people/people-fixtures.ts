import type { DatasetKey, DatasetTypes } from '../../src/model/datasets/index.js';
import type { PeopleConfig } from '../../src/model/config/people-config.js';
import { PeopleConfigSchema } from '../../src/model/config/people-config.js';
import type { PeopleGraph } from '../../src/model/datasets/people.js';
import type { Scope } from '../../src/model/scope.js';
import type { MissingDataset, Snapshot } from '../../src/model/snapshot.js';
import { buildPeopleGraph } from '../../src/model/people/build-graph.js';
import { readGraphInput } from '../../src/model/people/graph-input.js';

export const NOW = new Date('2026-11-23T12:00:00Z');
export const D = 'example.com';
export const ACCOUNT = '111122223333';
export const arn = (user: string) => `arn:aws:iam::${ACCOUNT}:user/${user}`;
const NEVER = '1970-01-01T00:00:00.000Z';

type Data = Partial<{ [K in DatasetKey]: DatasetTypes[K] }> & Record<string, unknown>;

export function snapshot(
  collector: string,
  scope: Scope,
  data: Data,
  missing: Record<string, MissingDataset> = {},
): Snapshot {
  return {
    schemaVersion: 1,
    collector,
    source: collector.split('-')[0]!,
    scope,
    startedAt: NOW.toISOString(),
    collectedAt: NOW.toISOString(),
    calls: [],
    // A dataset that failed to read has no data, as in a real snapshot.
    data: Object.fromEntries(Object.entries(data).filter(([k]) => !(k in missing))),
    missing,
  };
}

export const failed = (operation: string, message = 'HTTP 403 forbidden'): MissingDataset => ({
  kind: 'error',
  operation,
  message,
  status: 403,
});

export const gUser = (local: string, extra: Partial<DatasetTypes['google-workspace.users'][number]> = {}) => ({
  id: `id-${local}`,
  primaryEmail: `${local}@${D}`,
  fullName: local,
  isAdmin: false,
  isDelegatedAdmin: false,
  isEnrolledIn2Sv: true,
  isEnforcedIn2Sv: true,
  suspended: false,
  archived: false,
  lastLoginTime: NEVER,
  orgUnitPath: '/',
  ...extra,
});

export const googleSnapshot = (
  users: DatasetTypes['google-workspace.users'],
  extra: Data = {},
  missing: Record<string, MissingDataset> = {},
) =>
  snapshot(
    'google-workspace',
    { kind: 'google-customer', id: D },
    {
      'google-workspace.users': users,
      'google-workspace.roles': [{ roleId: 'r1', roleName: '_SEED_ADMIN_ROLE', isSuperAdminRole: true }],
      'google-workspace.roleAssignments': { items: [], groupMembers: {} },
      'google-workspace.userAdminEvents': { since: '2026-06-01T00:00:00Z', events: [] },
      ...extra,
    },
    missing,
  );

export const ghUser = (login: string, id = login.length) => ({ login, id, type: 'User' });

export const githubSnapshot = (data: Data = {}, missing: Record<string, MissingDataset> = {}) =>
  snapshot(
    'github',
    { kind: 'github-org', id: 'acme' },
    {
      'github.members': [],
      'github.owners': [],
      'github.membersWithout2fa': [],
      'github.membersWithInsecure2fa': [],
      'github.outsideCollaborators': [],
      'github.outsideCollaboratorsWithout2fa': [],
      ...data,
    },
    missing,
  );

export interface IamUserSpec {
  name: string;
  tags?: Record<string, string>;
  password?: boolean;
  mfa?: boolean;
  key1?: { active: boolean; lastUsed?: string | null };
  admin?: boolean;
  passwordLastUsed?: string;
}

export function iamSnapshot(users: IamUserSpec[], missing: Record<string, MissingDataset> = {}) {
  return snapshot(
    'aws-iam',
    { kind: 'aws-account', id: ACCOUNT },
    {
      'aws-iam.credentialReport': {
        generatedTime: NOW.toISOString(),
        rows: users.map((u) => ({
          user: u.name,
          arn: arn(u.name),
          user_creation_time: '2025-01-01T00:00:00Z',
          password_enabled: u.password ?? false,
          password_last_used: u.passwordLastUsed ?? null,
          password_last_changed: null,
          mfa_active: u.mfa ?? false,
          access_key_1_active: u.key1?.active ?? false,
          access_key_1_last_rotated: null,
          access_key_1_last_used_date: u.key1?.lastUsed ?? null,
          access_key_2_active: false,
          access_key_2_last_rotated: null,
          access_key_2_last_used_date: null,
        })),
      },
      'aws-iam.authorizationDetails': {
        users: users.map((u) => ({
          UserName: u.name,
          UserId: `AID${u.name.toUpperCase().replace(/[^A-Z]/g, '')}`,
          Arn: arn(u.name),
          Path: '/',
          CreateDate: '2025-01-01T00:00:00Z',
          GroupList: [],
          AttachedManagedPolicies: u.admin
            ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]
            : [],
          UserPolicyList: [],
          Tags: Object.entries(u.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        })),
        groups: [],
        roles: [],
        policies: [],
      },
    },
    missing,
  );
}

const verdict = (v: 'yes' | 'no') => ({ verdict: v, reasons: [] });

export function identityCenterSnapshot(
  users: Array<{ id: string; userName: string; emails?: string[]; status?: 'ENABLED' | 'DISABLED' }>,
  assignments: Array<{ user: string; set: 'Admin' | 'ReadOnly'; account?: string }>,
  scim = true,
) {
  return snapshot(
    'aws-identity-center',
    { kind: 'aws-account', id: ACCOUNT },
    {
      'aws-identity-center.instance': {
        instanceArn: 'arn:aws:sso:::instance/ssoins-1',
        identityStoreId: 'd-1',
        region: 'us-east-1',
        ownerAccountId: ACCOUNT,
        identitySource: scim ? 'scim' : 'unknown',
      },
      'aws-identity-center.users': users.map((u) => ({
        userId: u.id,
        userName: u.userName,
        emails: u.emails ?? [],
        ...(u.status ? { status: u.status } : {}),
        externalIds: [],
      })),
      'aws-identity-center.groups': [],
      'aws-identity-center.permission-sets': (['Admin', 'ReadOnly'] as const).map((name) => ({
        arn: `arn:aws:sso:::permissionSet/ssoins-1/ps-${name}`,
        name,
        managedPolicyArns: [],
        customerManagedPolicies: [],
        hasInlinePolicy: false,
        unjudged: [],
        admin: verdict(name === 'Admin' ? 'yes' : 'no'),
        aiFullAccess: verdict('no'),
      })),
      'aws-identity-center.assignments': assignments.map((a) => ({
        accountId: a.account ?? '444455556666',
        permissionSetArn: `arn:aws:sso:::permissionSet/ssoins-1/ps-${a.set}`,
        principalType: 'USER' as const,
        principalId: a.user,
      })),
    },
  );
}

export const peopleConfig = (input: Record<string, unknown> = {}): PeopleConfig => PeopleConfigSchema.parse(input);

export const graphOf = (
  snapshots: Snapshot[],
  config: PeopleConfig = peopleConfig(),
  previous?: PeopleGraph,
  now: Date = NOW,
): PeopleGraph => buildPeopleGraph(readGraphInput(snapshots), config, previous, now);

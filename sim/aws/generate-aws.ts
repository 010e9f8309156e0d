import type { Random } from '../random.js';
import type { AwsSimAccount, AwsSimState, SimRegionStatus } from './aws-state.js';
import { generateKms } from './kms-generate.js';
import { generateIam, type IamPlan } from './generate-iam.js';
import { generateCloudTrail } from './cloudtrail-generate.js';
import { generateS3 } from './s3-generate.js';
import { generateBedrock } from './bedrock-generate.js';
import { generateIdentityCenter, type IcPerson } from './identity-center-generate.js';

export interface GenerateAwsOptions {
  /** Accounts in the organization, the management account included (at least 1). */
  accounts?: number;
  /** Clean filler users per account. */
  usersPerAccount?: number;
  /** Users of the largest account (the last one), for API-budget runs. */
  largeAccountUsers?: number;
  /** Member accounts (by index, 1-based among members) whose audit role refuses the collector. */
  denyAssumeRoleIn?: number[];
  now?: string;
  /** Users of the Identity Center instance (at least 20; 0: Identity Center not enabled). */
  identityCenterUsers?: number;
  /** The directory Identity Center's users are provisioned from (the Workspace people), mirrored first. */
  identityCenterPeople?: readonly IcPerson[];
}

/** Regions every account has (the sign-in URL's us-east-2, eu-north-1 and ap-southeast-2 among them). */
export const SIM_DEFAULT_REGIONS = ['ap-southeast-2', 'eu-north-1', 'eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'];

/** Default regions, plus opt-in regions: prod (1) turned af-south-1 on, nobody ap-east-1. */
function regionsFor(index: number): Record<string, SimRegionStatus> {
  return {
    ...Object.fromEntries(SIM_DEFAULT_REGIONS.map((r) => [r, 'ENABLED_BY_DEFAULT' as const])),
    'af-south-1': index === 1 ? 'ENABLED' : 'DISABLED',
    'ap-east-1': 'DISABLED',
  };
}

const NAMES = ['management', 'prod', 'ml-research', 'staging', 'data', 'sandbox', 'security', 'shared'];

/**
 * Per-account plans: the management account breaks the root and password rules, members vary, so every aws-iam
 * check has failing and passing accounts.
 */
function planFor(index: number, opts: Required<Pick<GenerateAwsOptions, 'usersPerAccount'>>): IamPlan {
  const base: IamPlan = {
    rootMfa: 'hardware',
    rootAccessKey: false,
    rootUsedDaysAgo: 200,
    passwordPolicy: 'strong',
    cleanUsers: opts.usersPerAccount,
    groupAdmins: 2,
    violations: true,
    reportAgeHours: null,
    reportPolls: 0,
  };
  if (index === 0)
    return {
      ...base,
      rootMfa: null,
      rootAccessKey: true,
      rootUsedDaysAgo: 3,
      passwordPolicy: 'none',
      groupAdmins: 5,
      reportAgeHours: 2,
    };
  if (index === 1)
    return { ...base, rootMfa: 'virtual', rootUsedDaysAgo: null, violations: false, groupAdmins: 1, reportPolls: 1 };
  if (index === 2) return { ...base, passwordPolicy: 'weak', rootMfa: 'virtual' };
  return { ...base, violations: index % 2 === 0 };
}

/** A seeded AWS organization: a management account and members, each with IAM; other services add their parts. */
export function generateAws(rng: Random, opts: GenerateAwsOptions = {}): AwsSimState {
  const {
    accounts: n = 3,
    usersPerAccount = 20,
    largeAccountUsers,
    denyAssumeRoleIn = [],
    now = '2026-11-23T12:00:00Z',
    identityCenterUsers = 40,
  } = opts;
  if (n < 1) throw new RangeError('an organization has at least one account');
  const ids = new Set<string>();
  const accountId = () => {
    let id: string;
    do id = String(rng.between(100_000, 999_999)) + String(rng.between(100_000, 999_999));
    while (ids.has(id));
    ids.add(id);
    return id;
  };
  const accounts: AwsSimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const id = accountId();
    const users = largeAccountUsers !== undefined && i === n - 1 ? largeAccountUsers : usersPerAccount;
    const name = `acme-${NAMES[i % NAMES.length]}${i >= NAMES.length ? `-${i}` : ''}`;
    const world = { index: i, id, managementId: accounts[0]?.id ?? id, now };
    accounts.push({
      id,
      name,
      email: `aws+${name}@acme.example`,
      status: 'ACTIVE',
      denyAssumeRole: i > 0 && denyAssumeRoleIn.includes(i),
      iam: generateIam(rng.fork(`iam/${i}`), now, planFor(i, { usersPerAccount: users })),
      cloudtrail: generateCloudTrail(rng.fork(`cloudtrail/${i}`), world),
      s3: generateS3(rng.fork(`s3/${i}`), world),
      bedrock: generateBedrock(i, id),
      kms: generateKms(),
      regions: regionsFor(i),
    });
  }
  const management = accounts[0]!;
  return {
    organizationId: `o-${rng.hex(10)}`,
    managementAccountId: management.id,
    auditRoleName: 'AssayAudit',
    accounts,
    baseCredentials: {
      accessKeyId: `SIMakid${rng.hex(13)}`,
      secretAccessKey: `simSecret/${rng.hex(32)}`,
      accountId: management.id,
      arn: `arn:aws:iam::${management.id}:user/assay-collector`,
      userId: `AIDAsim${rng.hex(12).toUpperCase()}`,
    },
    now,
    ...(identityCenterUsers > 0
      ? {
          identityCenter: generateIdentityCenter(rng.fork('identity-center'), {
            ownerAccountId: management.id,
            accounts,
            users: identityCenterUsers,
            ...(opts.identityCenterPeople ? { people: opts.identityCenterPeople } : {}),
            now,
          }),
        }
      : {}),
  };
}

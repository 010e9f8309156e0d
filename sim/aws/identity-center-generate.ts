import type { Random } from '../random.js';
import { randomPerson } from '../random-person.js';
import { awsPolicyArn } from './aws-managed-policies.js';
import type {
  IdentityCenterState,
  SimIcAssignment,
  SimIcGroup,
  SimIcUser,
  SimPermissionSet,
} from './identity-center-state.js';

/** Someone of the company's directory (the Workspace), whom SCIM provisioning copies into Identity Center. */
export interface IcPerson {
  email: string;
  givenName: string;
  familyName: string;
  /** The IdP's id of the person, kept as the user's ExternalId. */
  externalId: string;
  /** Suspended in the IdP. */
  suspended: boolean;
}

export interface GenerateIdentityCenterOptions {
  ownerAccountId: string;
  /** The organization's accounts, the management account first. */
  accounts: ReadonlyArray<{ id: string; name: string }>;
  users: number;
  /** People to mirror, in order; without them (or once they run out) users are made up. */
  people?: readonly IcPerson[];
  now: string;
}

/** Where the instance lives: not us-east-1, so a client left on the default region finds no instance. */
export const IC_REGION = 'eu-west-1';
export const IC_ISSUER = 'https://scim.sim.example/google-workspace';
/** Users the planted violations and facts need besides the admins group. */
const MIN_USERS = 20;

const days = (now: string, n: number) => new Date(Date.parse(now) - n * 86_400_000).toISOString();

/**
 * A seeded Identity Center instance in the management account. Planted: six distinct administrators (four through
 * AWSAdministrators, a made-up contractor and one employee given AdministratorAccess directly, each a direct admin
 * assignment), a direct but harmless ReadOnlyAccess assignment, a permission set with an inline `bedrock:*`, one with a
 * customer managed policy (not provisioned, not assigned), a disabled user, and an enabled user whose IdP account is
 * suspended (when the people include one).
 */
export function generateIdentityCenter(rng: Random, opts: GenerateIdentityCenterOptions): IdentityCenterState {
  if (!Number.isInteger(opts.users) || opts.users < MIN_USERS)
    throw new RangeError(`identityCenterUsers must be an integer of at least ${MIN_USERS}, got ${opts.users}`);
  const instanceId = `ssoins-${rng.hex(16)}`;
  const uuid = () => `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  const storeId = `d-${rng.hex(10)}`;
  const storePrefix = storeId.slice(2);
  const people = [...(opts.people ?? [])];
  const active = people.filter((p) => !p.suspended);
  const suspended = people.find((p) => p.suspended);
  const taken = new Set<string>();
  const user = (p: IcPerson | undefined, status: SimIcUser['status'] = 'ENABLED'): SimIcUser => {
    const made = randomPerson(rng);
    let email = p?.email ?? `${made.first}.${made.last}@acme.example`.toLowerCase();
    for (let n = 2; taken.has(email); n++) email = email.replace(/(\d*)@/, `${n}@`);
    taken.add(email);
    const givenName = p?.givenName ?? made.first;
    const familyName = p?.familyName ?? made.last;
    return {
      userId: `${storePrefix}-${uuid()}`,
      userName: email,
      givenName,
      familyName,
      displayName: `${givenName} ${familyName}`,
      emails: [{ value: email, type: 'work', primary: true }],
      status,
      externalIds: [{ issuer: IC_ISSUER, id: p?.externalId ?? rng.hex(21) }],
    };
  };
  const users: SimIcUser[] = [];
  // The last slots: a suspended IdP person still enabled here, and one disabled user.
  const reserved = 1 + (suspended ? 1 : 0);
  for (let i = 0; users.length < opts.users - reserved; i++) users.push(user(active[i]));
  const contractor: SimIcUser = {
    ...user(undefined),
    userName: 'ext.contractor',
    emails: [{ value: 'ops@contractor.example', type: 'work', primary: true }],
    externalIds: [],
  };
  users[users.length - 1] = contractor;
  users.push(user(active[users.length], 'DISABLED'));
  if (suspended) users.push(user(suspended));

  const group = (displayName: string, members: SimIcUser[], description?: string): SimIcGroup => ({
    groupId: `${storePrefix}-${uuid()}`,
    displayName,
    ...(description ? { description } : {}),
    externalIds: [{ issuer: IC_ISSUER, id: rng.hex(16) }],
    members: members.map((u) => u.userId),
  });
  const admins = group('AWSAdministrators', users.slice(0, 4), 'Administrators of every account');
  const developers = group(
    'Developers',
    users.filter((_, i) => i >= 8 && i % 5 < 2),
  );
  const auditors = group('Auditors', users.slice(4, 6));
  const ml = group('MLEngineers', users.slice(6, 9));
  const data = group('Data', users.slice(9, 12));
  const groups = [admins, developers, auditors, ml, data];

  const ps = (name: string, sessionDuration: string, extra: Partial<SimPermissionSet> = {}): SimPermissionSet => ({
    arn: `arn:aws:sso:::permissionSet/${instanceId}/ps-${rng.hex(16)}`,
    name,
    sessionDuration,
    createdDate: days(opts.now, rng.between(30, 700)),
    managedPolicyArns: [],
    customerManagedPolicies: [],
    ...extra,
  });
  const adminPs = ps('AdministratorAccess', 'PT1H', {
    managedPolicyArns: [awsPolicyArn('AdministratorAccess')],
    grants: { admin: 'yes' },
  });
  const powerPs = ps('PowerUserAccess', 'PT4H', { managedPolicyArns: [awsPolicyArn('PowerUserAccess')] });
  const readPs = ps('ReadOnlyAccess', 'PT8H', {
    description: 'Read everything, for audits and support',
    managedPolicyArns: [awsPolicyArn('ReadOnlyAccess'), awsPolicyArn('SecurityAudit')],
  });
  const bedrockPs = ps('BedrockBuilder', 'PT4H', {
    managedPolicyArns: [awsPolicyArn('AmazonS3ReadOnlyAccess')],
    inlinePolicy: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'AllBedrock', Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }],
    },
    grants: { ai: 'yes' },
  });
  const sandboxPs = ps('SandboxBoundary', 'PT2H', {
    customerManagedPolicies: [{ name: 'sandbox-boundary', path: '/assay-sim/' }],
  });
  const permissionSets = [adminPs, powerPs, readPs, bedrockPs, sandboxPs];

  const [management, ...members] = opts.accounts;
  if (!management) throw new RangeError('Identity Center needs the management account');
  const prod = members[0] ?? management;
  const mlAccount = members[1] ?? prod;
  const assignments: SimIcAssignment[] = [];
  const assign = (accountId: string, p: SimPermissionSet, principal: SimIcUser | SimIcGroup) =>
    assignments.push({
      accountId,
      permissionSetArn: p.arn,
      principalType: 'groupId' in principal ? 'GROUP' : 'USER',
      principalId: 'groupId' in principal ? principal.groupId : principal.userId,
    });
  for (const a of opts.accounts) {
    assign(a.id, adminPs, admins);
    assign(a.id, readPs, auditors);
    if (a.id !== management.id) assign(a.id, a.id === prod.id ? readPs : powerPs, developers);
  }
  assign(mlAccount.id, bedrockPs, ml);
  assign(prod.id, readPs, data);
  assign(prod.id, adminPs, contractor);
  assign(management.id, adminPs, users[12]!);
  assign(management.id, readPs, users[13]!);

  const provisioned: Record<string, string[]> = {};
  for (const a of assignments) {
    const list = (provisioned[a.permissionSetArn] ??= []);
    if (!list.includes(a.accountId)) list.push(a.accountId);
  }
  return {
    instanceArn: `arn:aws:sso:::instance/${instanceId}`,
    identityStoreId: storeId,
    name: 'acme',
    region: IC_REGION,
    ownerAccountId: opts.ownerAccountId,
    createdDate: days(opts.now, 900),
    users,
    groups,
    permissionSets,
    provisioned,
    assignments,
  };
}

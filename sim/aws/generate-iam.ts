import type { Random } from '../random.js';
import { randomPerson } from '../random-person.js';
import { awsPolicyArn } from './aws-managed-policies.js';
import type { AwsSimAccount, AwsSimState } from './aws-state.js';
import type { IamState, SimAccessKey, SimGroup, SimPolicyDocument, SimRole, SimUser } from './iam-state.js';

/** What to plant in one account's IAM (each flag adds the resources that violate one rule). */
export interface IamPlan {
  rootMfa: 'virtual' | 'hardware' | null;
  rootAccessKey: boolean;
  rootUsedDaysAgo: number | null;
  passwordPolicy: 'none' | 'strong' | 'weak';
  /** Filler users that break no rule. */
  cleanUsers: number;
  /** Members of the Admins group. */
  groupAdmins: number;
  violations: boolean;
  /** The credential report on record was made this many hours ago (null: none; the collector must generate one). */
  reportAgeHours: number | null;
  reportPolls: number;
}

const DAY = 86_400_000;

export function generateIam(rng: Random, now: string, plan: IamPlan): IamState {
  const t = Date.parse(now);
  const ago = (days: number) => new Date(t - days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const hoursAgo = (h: number) => new Date(t - h * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = (prefix: string) => `${prefix}sim${rng.hex(14).toUpperCase()}`;
  const names = new Set<string>();
  const uniqueName = (base: string) => {
    let n = base;
    for (let i = 2; names.has(n); i++) n = `${base}${i}`;
    names.add(n);
    return n;
  };
  const freshKey = (): SimAccessKey => ({
    active: true,
    lastRotated: ago(rng.between(5, 80)),
    lastUsed: ago(rng.between(0, 10)),
    lastUsedService: rng.pick(['s3', 'sts', 'bedrock', 'ec2']),
  });

  const user = (over: Partial<SimUser> & { name?: string } = {}): SimUser => {
    const p = randomPerson(rng);
    // Two in five IAM users are programmatic (CI, applications): no password, no MFA.
    const console_ = over.password?.enabled ?? (over.mfa !== undefined || rng.chance(0.6));
    return {
      name: uniqueName(over.name ?? `${p.first}.${p.last}`.toLowerCase()),
      id: id('AIDA'),
      path: '/',
      createDate: ago(rng.between(200, 900)),
      tags: [],
      groups: ['Developers'],
      attachedPolicyArns: [],
      inlinePolicies: [],
      password: {
        enabled: console_,
        lastUsed: console_ ? ago(rng.between(0, 20)) : null,
        lastChanged: console_ ? ago(rng.between(30, 150)) : null,
      },
      mfa: console_ ? { kind: rng.chance(0.8) ? 'virtual' : 'hardware', enabledAt: ago(rng.between(60, 400)) } : null,
      accessKeys: rng.chance(0.4) ? [freshKey()] : [],
      ...over,
    };
  };
  const doc = (...Statement: SimPolicyDocument['Statement'][]): SimPolicyDocument => ({
    Version: '2012-10-17',
    Statement: Statement.flat(),
  });

  const users: SimUser[] = [];
  for (let i = 0; i < plan.cleanUsers; i++) users.push(user());
  for (let i = 0; i < plan.groupAdmins; i++) users.push(user({ groups: ['Admins'] }));
  const service = (name: string) =>
    user({
      name,
      password: { enabled: false, lastUsed: null, lastChanged: null },
      mfa: null,
      groups: ['Services'],
      accessKeys: [freshKey()],
    });
  users.push(service('svc-ci-deploy'));

  if (plan.violations) {
    users.push(
      user({ name: 'nomfa.engineer', mfa: null }),
      user({
        name: 'ceo',
        mfa: null,
        tags: [
          { Key: 'assay:executive', Value: 'true' },
          { Key: 'team', Value: 'leadership' },
        ],
      }),
      user({
        name: 'old.key',
        accessKeys: [{ active: true, lastRotated: ago(200), lastUsed: ago(1), lastUsedService: 's3' }],
      }),
      user({ name: 'dormant.console', password: { enabled: true, lastUsed: ago(120), lastChanged: ago(300) } }),
      service('svc-unused-key'),
      user({ name: 'two.keys', accessKeys: [freshKey(), freshKey()] }),
      user({ name: 'direct.admin', groups: [], attachedPolicyArns: [awsPolicyArn('AdministratorAccess')] }),
      user({
        name: 'ml.direct',
        groups: ['Developers'],
        inlinePolicies: [
          {
            name: 'bedrock-everything',
            document: doc({ Effect: 'Allow', Action: 'bedrock:*', Resource: '*' }),
            grants: { ai: 'yes' },
          },
        ],
      }),
    );
    users.push(
      // Everything but billing: NotAction leaves IAM in, with which the holder can grant itself the rest.
      user({
        name: 'ops.lead',
        groups: [],
        inlinePolicies: [
          {
            name: 'all-but-billing',
            document: doc({ Effect: 'Allow', NotAction: ['aws-portal:*', 'billing:*'], Resource: '*' }),
            grants: { admin: 'yes' },
          },
        ],
      }),
      user({
        name: 'mfa.admin',
        groups: [],
        inlinePolicies: [
          {
            name: 'admin-with-mfa',
            document: doc({
              Sid: 'AdminWithMfa',
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            }),
            grants: { admin: 'conditional', ai: 'conditional' },
          },
        ],
      }),
    );
    const unused = users.find((u) => u.name === 'svc-unused-key')!;
    unused.accessKeys = [{ active: true, lastRotated: ago(60), lastUsed: null }];
  }
  if (plan.reportAgeHours !== null) {
    // MFA turned on after the stored report: the report still says false; ListVirtualMFADevices knows better.
    users.push(
      user({ name: 'late.mfa', mfa: { kind: 'virtual', enabledAt: hoursAgo(Math.max(plan.reportAgeHours - 1, 0)) } }),
    );
  }

  const groups: SimGroup[] = [
    {
      name: 'Developers',
      id: id('AGPA'),
      path: '/',
      createDate: ago(800),
      attachedPolicyArns: [awsPolicyArn('ReadOnlyAccess'), awsPolicyArn('IAMUserChangePassword')],
      inlinePolicies: [],
    },
    {
      name: 'Admins',
      id: id('AGPA'),
      path: '/',
      createDate: ago(800),
      attachedPolicyArns: [awsPolicyArn('AdministratorAccess')],
      inlinePolicies: [],
    },
    {
      name: 'Services',
      id: id('AGPA'),
      path: '/',
      createDate: ago(700),
      attachedPolicyArns: [awsPolicyArn('AmazonS3ReadOnlyAccess')],
      inlinePolicies: [],
    },
  ];
  const trust = (principal: unknown) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
  const role = (name: string, attached: string[], over: Partial<SimRole> = {}): SimRole => ({
    name,
    id: id('AROA'),
    path: '/',
    createDate: ago(500),
    trustPolicy: trust({ Service: 'lambda.amazonaws.com' }),
    attachedPolicyArns: attached,
    inlinePolicies: [],
    tags: [],
    lastUsed: ago(2),
    ...over,
  });
  const roles: SimRole[] = [
    role('OrganizationAccountAccessRole', [awsPolicyArn('AdministratorAccess')], {
      trustPolicy: trust({ AWS: 'arn:aws:iam::000000000000:root' }),
    }),
    role('AssayAudit', [awsPolicyArn('SecurityAudit')], {
      trustPolicy: trust({ AWS: 'arn:aws:iam::000000000000:root' }),
    }),
    role('ml-training', [awsPolicyArn('AmazonSageMakerFullAccess')], {
      trustPolicy: trust({ Service: 'sagemaker.amazonaws.com' }),
    }),
    role('bedrock-invoker', [], {
      inlinePolicies: [
        {
          name: 'invoke',
          document: doc({
            Effect: 'Allow',
            Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
            Resource: '*',
          }),
        },
      ],
    }),
    role('lambda-basic', [awsPolicyArn('AWSLambdaBasicExecutionRole')]),
  ];

  return {
    root: {
      createDate: ago(1000),
      password: true,
      passwordLastUsed: plan.rootUsedDaysAgo === null ? null : ago(plan.rootUsedDaysAgo),
      mfa: plan.rootMfa ? { kind: plan.rootMfa, enabledAt: ago(900) } : null,
      accessKeys: plan.rootAccessKey
        ? [{ active: true, lastRotated: ago(700), lastUsed: ago(40), lastUsedService: 'ec2' }]
        : [],
    },
    users,
    groups,
    roles,
    policies: [],
    passwordPolicy:
      plan.passwordPolicy === 'none'
        ? null
        : plan.passwordPolicy === 'strong'
          ? {
              MinimumPasswordLength: 16,
              RequireSymbols: true,
              RequireNumbers: true,
              RequireUppercaseCharacters: true,
              RequireLowercaseCharacters: true,
              AllowUsersToChangePassword: true,
              ExpirePasswords: false,
              PasswordReusePrevention: 24,
              HardExpiry: false,
            }
          : {
              MinimumPasswordLength: 8,
              RequireSymbols: false,
              RequireNumbers: true,
              RequireUppercaseCharacters: false,
              RequireLowercaseCharacters: true,
              AllowUsersToChangePassword: true,
              ExpirePasswords: false,
            },
    credentialReport: {
      generatedAt: plan.reportAgeHours === null ? null : hoursAgo(plan.reportAgeHours),
      pendingPolls: 0,
      pollsToComplete: plan.reportPolls,
    },
  };
}

/**
 * Variant: the organization manages member root credentials centrally (IAM → Root access management), and the
 * member at `memberIndex` had its root credentials deleted (or never had any: accounts Organizations creates).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 */
export function centralizeRootAccess(state: AwsSimState, memberIndex: number): AwsSimAccount {
  const management = state.accounts.find((a) => a.id === state.managementAccountId)!;
  management.iam.organizationsFeatures = ['RootCredentialsManagement', 'RootSessions'];
  const member = state.accounts[memberIndex];
  if (!member || member === management) throw new RangeError(`account ${memberIndex} is not a member account`);
  member.iam.root = { ...member.iam.root, password: false, mfa: null, accessKeys: [] };
  return member;
}

/**
 * Variant: a console user created after the stored credential report (AWS reuses one for up to four hours), so
 * IAM lists the user and the report does not.
 */
export function hireAfterReport(account: AwsSimAccount, now: string): SimUser {
  const made = account.iam.credentialReport.generatedAt;
  if (made === null || Date.parse(made) >= Date.parse(now) - 60_000)
    throw new RangeError('the account needs a stored credential report older than a minute');
  const createDate = new Date((Date.parse(made) + Date.parse(now)) / 2).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const hire: SimUser = {
    name: 'new.hire',
    id: 'AIDAsimNEWHIRE0000000',
    path: '/',
    createDate,
    tags: [],
    groups: ['Developers'],
    attachedPolicyArns: [],
    inlinePolicies: [],
    password: { enabled: true, lastUsed: null, lastChanged: createDate },
    mfa: null,
    accessKeys: [],
  };
  account.iam.users.push(hire);
  return hire;
}

import type { AwsSimAccount, AwsSimState } from './aws-state.js';
import { AwsSimError, queryList } from './aws-protocol.js';
import type { AwsAction } from './aws-route-table.js';
import { XmlMap } from './aws-xml.js';
import { awsManagedPolicy } from './aws-managed-policies.js';
import { renderCredentialReport } from './iam-credential-report.js';
import type { SimInlinePolicy, SimManagedPolicy, SimPolicyDocument } from './iam-state.js';

const IAM = {
  protocol: 'query',
  service: 'iam',
  version: '2010-05-08',
  xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
} as const;
export const REPORT_REUSE_MS = 4 * 3600_000;

/** IAM sends policy documents URL-encoded (RFC 3986). */
const encodeDoc = (d: SimPolicyDocument): string => encodeURIComponent(JSON.stringify(d));

function page<T>(items: readonly T[], form: URLSearchParams): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const max = Number(form.get('MaxItems') ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new AwsSimError(
      'ValidationError',
      `1 validation error detected: Value '${max}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  }
  const marker = form.get('Marker');
  const start = marker ? Number(Buffer.from(marker, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsSimError('ValidationError', 'Invalid Marker');
  const end = start + max;
  return {
    items: items.slice(start, end),
    IsTruncated: end < items.length,
    ...(end < items.length ? { Marker: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

const inline = (list: SimInlinePolicy[]) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: encodeDoc(p.document) }));

function attached(account: AwsSimAccount, arns: readonly string[]) {
  return arns.map((arn) => ({
    PolicyName:
      (awsManagedPolicy(arn) ?? account.iam.policies.find((p) => p.arn === arn))?.name ?? arn.split('/').pop(),
    PolicyArn: arn,
  }));
}

type Entity = { kind: 'user' | 'group' | 'role' | 'policy'; value: Record<string, unknown> };

/** GetAccountAuthorizationDetails entities in AWS's order, as XML-ready objects. */
function authorizationEntities(account: AwsSimAccount, filters: readonly string[]): Entity[] {
  const want = (f: string) => filters.length === 0 || filters.includes(f);
  const { iam } = account;
  const out: Entity[] = [];
  const arn = (kind: string, path: string, name: string) => `arn:aws:iam::${account.id}:${kind}${path}${name}`;
  if (want('User')) {
    for (const u of iam.users) {
      out.push({
        kind: 'user',
        value: {
          Path: u.path,
          UserName: u.name,
          UserId: u.id,
          Arn: arn('user', u.path, u.name),
          CreateDate: u.createDate,
          UserPolicyList: inline(u.inlinePolicies),
          GroupList: u.groups,
          AttachedManagedPolicies: attached(account, u.attachedPolicyArns),
          PermissionsBoundary: u.permissionsBoundaryArn
            ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: u.permissionsBoundaryArn }
            : undefined,
          Tags: u.tags,
        },
      });
    }
  }
  if (want('Group')) {
    for (const g of iam.groups) {
      out.push({
        kind: 'group',
        value: {
          Path: g.path,
          GroupName: g.name,
          GroupId: g.id,
          Arn: arn('group', g.path, g.name),
          CreateDate: g.createDate,
          GroupPolicyList: inline(g.inlinePolicies),
          AttachedManagedPolicies: attached(account, g.attachedPolicyArns),
        },
      });
    }
  }
  if (want('Role')) {
    for (const r of iam.roles) {
      out.push({
        kind: 'role',
        value: {
          Path: r.path,
          RoleName: r.name,
          RoleId: r.id,
          Arn: arn('role', r.path, r.name),
          CreateDate: r.createDate,
          AssumeRolePolicyDocument: encodeDoc(r.trustPolicy),
          InstanceProfileList: [],
          RolePolicyList: inline(r.inlinePolicies),
          AttachedManagedPolicies: attached(account, r.attachedPolicyArns),
          Tags: r.tags,
          RoleLastUsed: r.lastUsed ? { LastUsedDate: r.lastUsed, Region: 'us-east-1' } : {},
        },
      });
    }
  }
  const attachments = [...iam.users, ...iam.groups, ...iam.roles].flatMap((e) => e.attachedPolicyArns);
  const count = (p: SimManagedPolicy) => attachments.filter((a) => a === p.arn).length;
  const policy = (p: SimManagedPolicy): Entity => ({
    kind: 'policy',
    value: {
      PolicyName: p.name,
      PolicyId: p.id,
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: p.defaultVersionId,
      AttachmentCount: count(p),
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: p.createDate,
      UpdateDate: p.updateDate,
      PolicyVersionList: p.versions.map((v) => ({
        Document: encodeDoc(v.document),
        VersionId: v.id,
        IsDefaultVersion: v.id === p.defaultVersionId,
        CreateDate: v.createDate,
      })),
    },
  });
  if (want('LocalManagedPolicy')) out.push(...iam.policies.map(policy));
  if (want('AWSManagedPolicy')) {
    // Only the AWS managed policies attached to something in the account.
    const used = [...new Set(attachments)].map(awsManagedPolicy).filter((p): p is SimManagedPolicy => p !== undefined);
    out.push(...used.map(policy));
  }
  return out;
}

function generateReport(account: AwsSimAccount, state: AwsSimState) {
  const r = account.iam.credentialReport;
  if (r.pendingPolls > 0) {
    r.pendingPolls -= 1;
    return { State: 'INPROGRESS', Description: 'Report generation in progress.' };
  }
  if (r.generatedAt !== null && Date.parse(state.now) - Date.parse(r.generatedAt) < REPORT_REUSE_MS)
    return { State: 'COMPLETE' };
  r.generatedAt = state.now;
  r.pendingPolls = r.pollsToComplete;
  return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
}

function getReport(account: AwsSimAccount, state: AwsSimState) {
  const r = account.iam.credentialReport;
  if (r.generatedAt === null) throw new AwsSimError('ReportNotPresent', 'Credential report not present', 410);
  if (r.pendingPolls > 0) {
    r.pendingPolls -= 1;
    throw new AwsSimError('ReportInProgress', 'Credential report generation in progress', 404);
  }
  if (Date.parse(state.now) - Date.parse(r.generatedAt) >= REPORT_REUSE_MS)
    throw new AwsSimError('ReportExpired', 'Credential report has expired', 410);
  return {
    Content: Buffer.from(renderCredentialReport(account, r.generatedAt)).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: r.generatedAt,
  };
}

function summary(account: AwsSimAccount): Record<string, number> {
  const { iam } = account;
  const mfa = iam.users.filter((u) => u.mfa).length + (iam.root.mfa ? 1 : 0);
  return {
    Users: iam.users.length,
    UsersQuota: 5000,
    Groups: iam.groups.length,
    GroupsQuota: 300,
    Roles: iam.roles.length,
    RolesQuota: 1000,
    Policies: iam.policies.length,
    PoliciesQuota: 1500,
    MFADevices: mfa,
    MFADevicesInUse: mfa,
    AccountMFAEnabled: iam.root.mfa ? 1 : 0,
    AccountAccessKeysPresent: iam.root.accessKeys.some((k) => k.active) ? 1 : 0,
    AccountPasswordPresent: iam.root.password ? 1 : 0,
    AccountSigningCertificatesPresent: 0,
    ServerCertificates: 0,
    ServerCertificatesQuota: 20,
    InstanceProfiles: 0,
    InstanceProfilesQuota: 1000,
    Providers: 0,
    AttachedPoliciesPerUserQuota: 10,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    AccessKeysPerUserQuota: 2,
    SigningCertificatesPerUserQuota: 2,
    GroupsPerUserQuota: 10,
    VersionsPerPolicyQuota: 5,
    PolicySizeQuota: 6144,
    PolicyVersionsInUse: iam.policies.length,
    PolicyVersionsInUseQuota: 10000,
    UserPolicySizeQuota: 2048,
    GroupPolicySizeQuota: 5120,
    RolePolicySizeQuota: 10240,
    AssumeRolePolicySizeQuota: 2048,
    GlobalEndpointTokenVersion: 1,
  };
}

function virtualMfaDevices(account: AwsSimAccount, status: string) {
  if (status === 'Unassigned') return [];
  const { iam } = account;
  const devices: Record<string, unknown>[] = [];
  if (iam.root.mfa?.kind === 'virtual') {
    devices.push({
      SerialNumber: `arn:aws:iam::${account.id}:mfa/root-account-mfa-device`,
      User: { UserId: account.id, Arn: `arn:aws:iam::${account.id}:root`, CreateDate: iam.root.createDate },
      EnableDate: iam.root.mfa.enabledAt,
    });
  }
  for (const u of iam.users) {
    if (u.mfa?.kind !== 'virtual') continue;
    devices.push({
      SerialNumber: `arn:aws:iam::${account.id}:mfa/${u.name}`,
      User: {
        Path: u.path,
        UserName: u.name,
        UserId: u.id,
        Arn: `arn:aws:iam::${account.id}:user${u.path}${u.name}`,
        CreateDate: u.createDate,
        PasswordLastUsed: u.password.lastUsed ?? undefined,
      },
      EnableDate: u.mfa.enabledAt,
    });
  }
  return devices;
}

/**
 * The IAM actions the aws-iam collector uses, read-only. https://docs.aws.amazon.com/IAM/latest/APIReference/
 */
export function iamActions(): AwsAction[] {
  return [
    { ...IAM, action: 'GenerateCredentialReport', handle: ({ account, state }) => generateReport(account, state) },
    { ...IAM, action: 'GetCredentialReport', handle: ({ account, state }) => getReport(account, state) },
    {
      ...IAM,
      action: 'GetAccountAuthorizationDetails',
      handle: ({ account, form }) => {
        const p = page(authorizationEntities(account, queryList(form, 'Filter')), form);
        const of = (kind: Entity['kind']) => p.items.filter((e) => e.kind === kind).map((e) => e.value);
        return {
          UserDetailList: of('user'),
          GroupDetailList: of('group'),
          RoleDetailList: of('role'),
          Policies: of('policy'),
          IsTruncated: p.IsTruncated,
          Marker: p.Marker,
        };
      },
    },
    {
      ...IAM,
      action: 'ListVirtualMFADevices',
      handle: ({ account, form }) => {
        const p = page(virtualMfaDevices(account, form.get('AssignmentStatus') ?? 'Any'), form);
        return { VirtualMFADevices: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
      },
    },
    {
      ...IAM,
      action: 'GetAccountPasswordPolicy',
      handle: ({ account }) => {
        const policy = account.iam.passwordPolicy;
        if (!policy)
          throw new AwsSimError(
            'NoSuchEntity',
            `The Password Policy with domain name ${account.id} cannot be found.`,
            404,
          );
        return { PasswordPolicy: policy };
      },
    },
    { ...IAM, action: 'GetAccountSummary', handle: ({ account }) => ({ SummaryMap: new XmlMap(summary(account)) }) },
    {
      ...IAM,
      action: 'ListOrganizationsFeatures',
      // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
      handle: ({ account, state }) => {
        if (account.id !== state.managementAccountId)
          throw new AwsSimError(
            'AccountNotManagementOrDelegatedAdministratorException',
            'The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.',
          );
        const features = account.iam.organizationsFeatures;
        if (features === undefined)
          throw new AwsSimError(
            'ServiceAccessNotEnabledException',
            'The request was rejected because trusted access is not enabled for IAM in Organizations.',
          );
        return { OrganizationId: state.organizationId, EnabledFeatures: features };
      },
    },
  ];
}

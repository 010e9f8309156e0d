import { GetAccountAuthorizationDetailsCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { AttachedPolicy, GetAccountAuthorizationDetailsCommandOutput, PolicyDetail } from '@aws-sdk/client-iam';
import type { AuthorizationDetails, PolicyDocument, PolicyStatement } from '../../src/model/datasets/aws-iam.js';
import { redactSecretsIn } from '../../src/logging/redact.js';
import { PageGuard } from '../paging/page-guard.js';

const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String);

/** IAM returns policy documents URL-encoded (RFC 3986); `Statement`, `Action`, `Resource`… may be one or many. */
export function decodePolicyDocument(encoded: string, what: string): PolicyDocument {
  let raw: { Version?: unknown; Statement?: unknown };
  try {
    raw = redactSecretsIn(JSON.parse(decodeURIComponent(encoded))) as typeof raw;
  } catch {
    throw new Error(`the policy document of ${what} is not URL-encoded JSON`);
  }
  const statements = raw.Statement === undefined ? [] : Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  return {
    ...(typeof raw.Version === 'string' ? { Version: raw.Version } : {}),
    Statement: statements.map((s: Record<string, unknown>): PolicyStatement => {
      const out: PolicyStatement = { Effect: s.Effect === 'Deny' ? 'Deny' : 'Allow' };
      if (typeof s.Sid === 'string') out.Sid = s.Sid;
      for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
        const v = list(s[k]);
        if (v) out[k] = v;
      }
      if (s.Condition && typeof s.Condition === 'object') out.Condition = s.Condition as Record<string, unknown>;
      return out;
    }),
  };
}

const attachedOf = (a: AttachedPolicy[] | undefined) =>
  (a ?? []).map((p) => ({ PolicyName: p.PolicyName ?? '', PolicyArn: p.PolicyArn ?? '' }));
const inlineOf = (list: PolicyDetail[] | undefined, owner: string) =>
  (list ?? []).map((p) => ({
    PolicyName: p.PolicyName ?? '',
    PolicyDocument: decodePolicyDocument(p.PolicyDocument ?? '', `${owner} inline policy ${p.PolicyName}`),
  }));
const tagsOf = (t: Array<{ Key?: string; Value?: string }> | undefined) =>
  (t ?? []).map((x) => ({ Key: x.Key ?? '', Value: x.Value ?? '' }));
const iso = (d: Date | undefined) => (d ?? new Date(0)).toISOString();

/**
 * Every page of GetAccountAuthorizationDetails in one pass, AWSManagedPolicy included in the filter, so the documents
 * of attached AWS managed policies come with the same pages instead of a GetPolicy + GetPolicyVersion pair per policy.
 * Pages: ⌈(users + groups + roles + policies) / 1000⌉. Unconfirmed whether IAM lists only the attached AWS managed
 * policies (assumed, and what the simulator does) or all of them (a few more pages); either way only attached ones are kept.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
export async function fetchAuthorizationDetails(iam: IAMClient, signal: AbortSignal): Promise<AuthorizationDetails> {
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
  const guard = new PageGuard('iam:GetAccountAuthorizationDetails');
  let marker: string | undefined;
  do {
    if (marker) guard.page(marker);
    const page = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'],
        MaxItems: 1000,
        ...(marker ? { Marker: marker } : {}),
      }),
      { abortSignal: signal },
    );
    pages.push(page);
    marker = page.IsTruncated ? page.Marker : undefined;
    if (page.IsTruncated && !marker)
      throw new Error('GetAccountAuthorizationDetails said IsTruncated but gave no Marker');
  } while (marker);

  const users = pages
    .flatMap((p) => p.UserDetailList ?? [])
    .map((u) => ({
      UserName: u.UserName ?? '',
      UserId: u.UserId ?? '',
      Arn: u.Arn ?? '',
      Path: u.Path ?? '/',
      CreateDate: iso(u.CreateDate),
      GroupList: u.GroupList ?? [],
      AttachedManagedPolicies: attachedOf(u.AttachedManagedPolicies),
      UserPolicyList: inlineOf(u.UserPolicyList, `user ${u.UserName}`),
      ...(u.PermissionsBoundary?.PermissionsBoundaryArn
        ? { PermissionsBoundaryArn: u.PermissionsBoundary.PermissionsBoundaryArn }
        : {}),
      Tags: tagsOf(u.Tags),
    }));
  const groups = pages
    .flatMap((p) => p.GroupDetailList ?? [])
    .map((g) => ({
      GroupName: g.GroupName ?? '',
      Arn: g.Arn ?? '',
      AttachedManagedPolicies: attachedOf(g.AttachedManagedPolicies),
      GroupPolicyList: inlineOf(g.GroupPolicyList, `group ${g.GroupName}`),
    }));
  const roles = pages
    .flatMap((p) => p.RoleDetailList ?? [])
    .map((r) => ({
      RoleName: r.RoleName ?? '',
      Arn: r.Arn ?? '',
      Path: r.Path ?? '/',
      AttachedManagedPolicies: attachedOf(r.AttachedManagedPolicies),
      RolePolicyList: inlineOf(r.RolePolicyList, `role ${r.RoleName}`),
      Tags: tagsOf(r.Tags),
      ...(r.RoleLastUsed?.LastUsedDate ? { RoleLastUsedDate: r.RoleLastUsed.LastUsedDate.toISOString() } : {}),
    }));
  const attached = new Set(
    [...users, ...groups, ...roles].flatMap((e) => e.AttachedManagedPolicies.map((p) => p.PolicyArn)),
  );
  const policies = pages
    .flatMap((p) => p.Policies ?? [])
    .map((p) => ({ p, awsManaged: /^arn:aws[\w-]*:iam::aws:policy\//.test(p.Arn ?? '') }))
    .filter(({ p, awsManaged }) => !awsManaged || attached.has(p.Arn ?? ''))
    .map(({ p, awsManaged }) => {
      const version =
        (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ??
        (p.PolicyVersionList ?? []).find((v) => v.VersionId === p.DefaultVersionId);
      if (!version?.Document)
        throw new Error(`GetAccountAuthorizationDetails returned no default version document for ${p.Arn}`);
      return {
        PolicyName: p.PolicyName ?? '',
        Arn: p.Arn ?? '',
        AwsManaged: awsManaged,
        AttachmentCount: p.AttachmentCount ?? 0,
        DefaultVersionDocument: decodePolicyDocument(version.Document, `policy ${p.Arn}`),
      };
    });
  // An attached policy without its document would be judged as granting nothing: unknown is not harmless.
  const listed = new Set(policies.map((p) => p.Arn));
  for (const e of [
    ...users.map((u) => ({ what: `user ${u.UserName}`, attached: u.AttachedManagedPolicies })),
    ...groups.map((g) => ({ what: `group ${g.GroupName}`, attached: g.AttachedManagedPolicies })),
    ...roles.map((r) => ({ what: `role ${r.RoleName}`, attached: r.AttachedManagedPolicies })),
  ])
    for (const a of e.attached)
      if (!listed.has(a.PolicyArn))
        throw new Error(
          `GetAccountAuthorizationDetails listed policy ${a.PolicyArn} as attached to ${e.what} but returned no document for it`,
        );
  return { users, groups, roles, policies };
}

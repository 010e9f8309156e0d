import type { AuthorizationDetails, CredentialReportRow, PolicyDocument, PolicyStatement } from './aws-iam.js';
import type { Resource } from '../finding.js';

/**
 * Pure helpers the aws-iam checks share: who holds a grant and through what, and resources for findings.
 * Deny statements and permissions boundaries are not subtracted: the inventory shows what policies allow.
 */

export const ADMINISTRATOR_ACCESS = 'AdministratorAccess';

/** Where a principal gets a matching policy: attached or inline on itself, or through a group. */
export interface GrantSource {
  policy: string;
  kind: 'managed' | 'inline';
  /** Set when the policy is on a group the user is in. */
  group?: string;
}

export interface PrincipalGrant {
  type: 'user' | 'role';
  name: string;
  arn: string;
  /** Policies on the principal itself. */
  direct: GrantSource[];
  /** Policies reaching a user through its groups. */
  viaGroups: GrantSource[];
}

const has = (list: readonly string[] | undefined, value: string) =>
  (list ?? []).some((v) => v.toLowerCase() === value.toLowerCase());

/**
 * Every resource: `"Resource": "*"`, or no `Resource` but a `NotResource` exclusion list, as AWS's own
 * AmazonSageMakerFullAccess grants `sagemaker:*` (all but a few admin resource types).
 */
const broadResource = (s: PolicyStatement): boolean =>
  has(s.Resource, '*') || (s.Resource === undefined && s.NotResource !== undefined);

/** `Allow` of every action on every resource: `"Action": "*"` (or `*:*`) on a broad resource. */
export const allowsEverything = (s: PolicyStatement): boolean =>
  s.Effect === 'Allow' && (has(s.Action, '*') || has(s.Action, '*:*')) && broadResource(s);

/** `Allow` of `<service>:*` on a broad resource. */
export const allowsAllOf =
  (service: string) =>
  (s: PolicyStatement): boolean =>
    s.Effect === 'Allow' && has(s.Action, `${service}:*`) && broadResource(s);

/** The name of an AWS managed policy (`arn:aws:iam::aws:policy/<path>Name`); undefined for a customer's own policy. */
const awsManagedName = (arn: string): string | undefined =>
  /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];

export type PolicyTest = (doc: PolicyDocument | undefined, arn?: string) => boolean;

/**
 * A test on policy statements, or an AWS managed policy named in `knownNames`, whether or not its document is
 * known: AWS rewrites its managed policies, and the name is what grantees are given.
 */
export const statementTest =
  (match: (s: PolicyStatement) => boolean, knownNames: readonly string[] = []): PolicyTest =>
  (doc, arn) =>
    (doc?.Statement.some(match) ?? false) || (arn !== undefined && knownNames.includes(awsManagedName(arn) ?? ''));

export const isAdminPolicy: PolicyTest = statementTest(allowsEverything, [ADMINISTRATOR_ACCESS]);

/** Every user and role some of whose policies pass `test`, with where each matching policy sits. */
export function principalsGranted(details: AuthorizationDetails, test: PolicyTest): PrincipalGrant[] {
  const docs = new Map(details.policies.map((p) => [p.Arn, p.DefaultVersionDocument]));
  const matching = (
    attached: Array<{ PolicyName: string; PolicyArn: string }>,
    inline: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }>,
    group?: string,
  ): GrantSource[] => [
    ...attached
      .filter((a) => test(docs.get(a.PolicyArn), a.PolicyArn))
      .map((a) => ({ policy: a.PolicyName, kind: 'managed' as const, ...(group ? { group } : {}) })),
    ...inline
      .filter((p) => test(p.PolicyDocument))
      .map((p) => ({ policy: p.PolicyName, kind: 'inline' as const, ...(group ? { group } : {}) })),
  ];
  const byGroup = new Map(
    details.groups.map((g) => [g.GroupName, matching(g.AttachedManagedPolicies, g.GroupPolicyList, g.GroupName)]),
  );
  const out: PrincipalGrant[] = [];
  for (const u of details.users) {
    const direct = matching(u.AttachedManagedPolicies, u.UserPolicyList);
    const viaGroups = u.GroupList.flatMap((g) => byGroup.get(g) ?? []);
    if (direct.length + viaGroups.length > 0)
      out.push({ type: 'user', name: u.UserName, arn: u.Arn, direct, viaGroups });
  }
  for (const r of details.roles) {
    const direct = matching(r.AttachedManagedPolicies, r.RolePolicyList);
    if (direct.length > 0) out.push({ type: 'role', name: r.RoleName, arn: r.Arn, direct, viaGroups: [] });
  }
  return out;
}

export const describeSources = (sources: readonly GrantSource[]): string[] =>
  sources.map((s) => `${s.group ? `group ${s.group}: ` : ''}${s.kind === 'inline' ? 'inline ' : ''}${s.policy}`);

export const principalResource = (p: { type: 'user' | 'role'; name: string; arn: string }): Resource => ({
  type: `aws-iam-${p.type}`,
  id: p.arn,
  name: p.name,
});

export const userResource = (row: Pick<CredentialReportRow, 'user' | 'arn'>): Resource => ({
  type: 'aws-iam-user',
  id: row.arn,
  name: row.user,
});

export const rootResource = (accountId: string): Resource => ({
  type: 'aws-root-user',
  id: `arn:aws:iam::${accountId}:root`,
  name: 'root user',
});

const DAY_MS = 86_400_000;
/** Whole days from `iso` to `now` (0 for the same day or the future). */
export const daysSince = (iso: string, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS));

import type { AuthorizationDetails, CredentialReportRow, PolicyDocument } from './aws-iam.js';
import type { Resource } from '../finding.js';
import { evaluatePolicies, type Grant, type GrantVerdict, type PolicyEvaluation } from '../aws-policy-evaluator.js';

/**
 * Pure helpers the aws-iam checks share: who holds a grant and through what, and resources for findings. Each
 * principal's policies (its own and its groups') are judged together by the policy evaluator, so a Deny in one
 * policy and a NotAction in another count as IAM counts them. Permissions boundaries are not applied.
 */

/** Where a principal gets a policy that makes the grant: attached or inline on itself, or through a group. */
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
  verdict: Exclude<GrantVerdict, 'no'>;
  /** The statements behind the verdict. */
  reasons: string[];
  /** Policies on the principal itself. */
  direct: GrantSource[];
  /** Policies reaching a user through its groups. */
  viaGroups: GrantSource[];
}

/**
 * What a few AWS managed policies grant by name, whatever document the details hold: AWS rewrites its managed
 * policies, and the name is what grantees are given. A customer policy of the same name is judged by its document.
 */
const KNOWN_AWS_MANAGED = new Map<string, PolicyDocument>(
  Object.entries({
    AdministratorAccess: { Statement: [{ Sid: 'ByName', Effect: 'Allow', Action: ['*'], Resource: ['*'] }] },
    AmazonBedrockFullAccess: {
      Statement: [{ Sid: 'ByName', Effect: 'Allow', Action: ['bedrock:*'], Resource: ['*'] }],
    },
    AmazonSageMakerFullAccess: {
      Statement: [{ Sid: 'ByName', Effect: 'Allow', Action: ['sagemaker:*'], Resource: ['*'] }],
    },
  }),
);

/** The name of an AWS managed policy (`arn:aws:iam::aws:policy/<path>Name`); undefined for a customer's own policy. */
const awsManagedName = (arn: string): string | undefined =>
  /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];

/** A managed policy's default version document from the details, with what a known AWS managed one grants by name. */
export const managedPolicyDocument = (details: AuthorizationDetails) => {
  const docs = new Map(details.policies.map((p) => [p.Arn, p.DefaultVersionDocument]));
  return (arn: string): PolicyDocument | undefined => {
    const doc = docs.get(arn);
    const known = KNOWN_AWS_MANAGED.get(awsManagedName(arn) ?? '');
    if (!known) return doc;
    return { Statement: [...(doc?.Statement ?? []), ...known.Statement] };
  };
};

const label = (s: GrantSource) =>
  `${s.group ? `group ${s.group}: ` : ''}${s.kind === 'inline' ? 'inline ' : ''}${s.policy}`;

/** Every user and role for which `judge` says yes or conditional, with the policies that make it. */
export function principalsGranted(
  details: AuthorizationDetails,
  judge: (e: PolicyEvaluation) => Grant,
): PrincipalGrant[] {
  const docOfArn = managedPolicyDocument(details);
  const managed = new Map<string, PolicyDocument | undefined>();
  const docOf = (arn: string) => {
    if (!managed.has(arn)) managed.set(arn, docOfArn(arn));
    return managed.get(arn);
  };
  // Most principals share their policies (the same groups, the same managed policies): each distinct list of
  // documents is judged once. Documents are told apart by identity, so equal inline policies are judged separately.
  const docIds = new Map<PolicyDocument, number>();
  const docId = (d: PolicyDocument) => docIds.get(d) ?? docIds.set(d, docIds.size).get(d)!;
  const judged = new Map<string, Grant>();
  const sources = (
    attached: Array<{ PolicyName: string; PolicyArn: string }>,
    inline: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }>,
    group?: string,
  ): Array<{ source: GrantSource; document: PolicyDocument }> => [
    ...attached.flatMap((a) => {
      const document = docOf(a.PolicyArn);
      return document
        ? [{ source: { policy: a.PolicyName, kind: 'managed' as const, ...(group ? { group } : {}) }, document }]
        : [];
    }),
    ...inline.map((p) => ({
      source: { policy: p.PolicyName, kind: 'inline' as const, ...(group ? { group } : {}) },
      document: p.PolicyDocument,
    })),
  ];
  const byGroup = new Map(
    details.groups.map((g) => [g.GroupName, sources(g.AttachedManagedPolicies, g.GroupPolicyList, g.GroupName)]),
  );
  const out: PrincipalGrant[] = [];
  const consider = (
    p: { type: 'user' | 'role'; name: string; arn: string },
    own: ReturnType<typeof sources>,
    inherited: ReturnType<typeof sources>,
  ) => {
    const all = [...own, ...inherited];
    const named = all.map((x) => ({ name: label(x.source), document: x.document }));
    const key = JSON.stringify(named.map((n) => [n.name, docId(n.document)]));
    let grant = judged.get(key);
    if (!grant) judged.set(key, (grant = judge(evaluatePolicies(named))));
    if (grant.verdict === 'no') return;
    const used = (list: typeof all) =>
      list.filter((x) => grant.policies.includes(label(x.source))).map((x) => x.source);
    out.push({ ...p, verdict: grant.verdict, reasons: grant.reasons, direct: used(own), viaGroups: used(inherited) });
  };
  for (const u of details.users)
    consider(
      { type: 'user', name: u.UserName, arn: u.Arn },
      sources(u.AttachedManagedPolicies, u.UserPolicyList),
      u.GroupList.flatMap((g) => byGroup.get(g) ?? []),
    );
  for (const r of details.roles)
    consider({ type: 'role', name: r.RoleName, arn: r.Arn }, sources(r.AttachedManagedPolicies, r.RolePolicyList), []);
  return out;
}

export const describeSources = (sources: readonly GrantSource[]): string[] => sources.map(label);

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

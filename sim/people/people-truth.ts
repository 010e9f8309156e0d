import type { AwsSimAccount, AwsSimState } from '../aws/aws-state.js';
import { awsManagedPolicy } from '../aws/aws-managed-policies.js';
import { identityCenterPeopleFacts, IC_SCOPE_ID } from '../aws/identity-center-truth.js';
import type { SimGrants, SimUser } from '../aws/iam-state.js';
import type { GithubState } from '../github/github-state.js';
import type { GroundTruth, PlantedViolation } from '../ground-truth.js';

const SCOPE = 'organization';

/** Whether the user holds an administrator grant through its own policies or its groups' (facts, not documents). */
function iamAdmin(a: AwsSimAccount, u: SimUser): boolean {
  const grants = (attached: readonly string[], inline: ReadonlyArray<{ grants?: SimGrants }>) => [
    ...attached.map((arn) => (awsManagedPolicy(arn) ?? a.iam.policies.find((p) => p.arn === arn))?.grants),
    ...inline.map((p) => p.grants),
  ];
  const groups = a.iam.groups.filter((g) => u.groups.includes(g.name));
  return [
    ...grants(u.attachedPolicyArns, u.inlinePolicies),
    ...groups.flatMap((g) => grants(g.attachedPolicyArns, g.inlinePolicies)),
  ].some((g) => g?.admin !== undefined);
}

/** The accounts the identity graph links to nobody (orphans, link conflicts), declared service accounts excluded. */
export interface UnlinkedAccounts {
  githubLogins: readonly string[];
  iamUsers: ReadonlyArray<{ acct: AwsSimAccount; user: SimUser }>;
  identityCenterUserIds: readonly string[];
}

/**
 * `people-privileged-access` fails each admin path that belongs to nobody: a GitHub org owner, an IAM administrator
 * (own or group policies) or an Identity Center user holding an administrator permission set, linked to no person.
 */
export function privilegedAccessTruth(github: GithubState, aws: AwsSimState, unlinked: UnlinkedAccounts) {
  const out: PlantedViolation[] = [];
  for (const o of github.orgs)
    for (const m of o.members)
      if (m.role === 'admin' && unlinked.githubLogins.includes(m.login))
        out.push({ scopeId: SCOPE, resourceId: `${o.login}/${m.login}` });
  for (const { acct, user } of unlinked.iamUsers)
    if (iamAdmin(acct, user))
      out.push({ scopeId: SCOPE, resourceId: `${acct.id}/arn:aws:iam::${acct.id}:user${user.path}${user.name}` });
  const icAdmins = new Set(identityCenterPeopleFacts(aws)?.admins.map((g) => g.userId) ?? []);
  const disabled = new Set(identityCenterPeopleFacts(aws)?.disabledUserIds ?? []);
  for (const id of unlinked.identityCenterUserIds)
    if (icAdmins.has(id) && !disabled.has(id)) out.push({ scopeId: SCOPE, resourceId: `${IC_SCOPE_ID}/${id}` });
  return out;
}

/**
 * A late offboarding, for a second run: the leaver's GitHub memberships are removed now, long after their
 * suspension. Returns what that run must flag: each removed membership as revoked over the SLA by
 * `people-time-to-revoke`, and `people-offboarded-access` without them (the rest of the truth is unchanged).
 */
export function revokeLeaverGithub(github: GithubState, truth: GroundTruth): GroundTruth {
  const offboarded = truth['people-offboarded-access'] ?? [];
  const revoked: PlantedViolation[] = [];
  for (const t of offboarded) {
    const [person, where] = t.resourceId.split(' ') as [string, string];
    if (!where.startsWith('github/')) continue;
    const org = github.orgs.find((o) => o.login === where.slice('github/'.length))!;
    const login = github.identity?.[org.login]?.saml?.find((i) => i.nameId === person)?.login;
    if (!login) continue;
    org.members = org.members.filter((m) => m.login !== login);
    revoked.push({ scopeId: SCOPE, resourceId: `${person} github/${org.login}/${login}` });
  }
  return {
    ...truth,
    'people-offboarded-access': offboarded.filter(
      (t) => !revoked.some((r) => r.resourceId.startsWith(`${t.resourceId}/`)),
    ),
    'people-time-to-revoke': revoked,
  };
}

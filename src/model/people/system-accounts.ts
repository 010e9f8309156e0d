import { principalsGranted } from '../datasets/aws-iam-grants.js';
import type { Account, MfaState } from '../datasets/people.js';
import type { GithubInput, IamInput, IdentityCenterInput } from './graph-input.js';

/** An account as its system shows it, before linking, with the identifiers the link rules read. */
export interface RawAccount extends Omit<Account, 'person' | 'linkedBy' | 'service'> {
  /** Candidate links, most trusted first: `[rule, email]`. */
  claims: Array<[rule: string, email: string]>;
  tags?: Array<{ Key: string; Value: string }>;
}

const lower = (s: string) => s.toLowerCase();
const isEmail = (s: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s);

/** Org members and outside collaborators, with 2FA from the owner-only filtered lists (unknown when unread). */
export function githubAccounts(g: GithubInput): RawAccount[] {
  const saml = new Map((g.samlIdentities ?? []).map((i) => [lower(i.login), i]));
  const verified = new Map((g.verifiedEmails ?? []).map((v) => [lower(v.login), v.emails.map(lower)]));
  const owners = new Set((g.owners ?? []).map((u) => lower(u.login)));
  const claimsOf = (login: string): RawAccount['claims'] => {
    const id = saml.get(lower(login));
    return [
      ...(id?.nameId && isEmail(id.nameId) ? [['saml-identity', lower(id.nameId)] as [string, string]] : []),
      ...(id?.scimUsername && isEmail(id.scimUsername)
        ? [['scim-identity', lower(id.scimUsername)] as [string, string]]
        : []),
      ...(verified.get(lower(login)) ?? []).map((e) => ['verified-email', e] as [string, string]),
    ];
  };
  const mfa = (login: string, off: typeof g.without2fa, sms: typeof g.insecure2fa): MfaState => {
    if (off === undefined) return 'unknown';
    if (off.some((u) => lower(u.login) === lower(login))) return 'off';
    if (sms?.some((u) => lower(u.login) === lower(login))) return 'sms-only';
    return sms === undefined ? 'unknown' : 'on';
  };
  const members: RawAccount[] = (g.members ?? []).map((u) => ({
    system: 'github',
    scope: g.org,
    id: u.login,
    name: u.login,
    mfa: mfa(u.login, g.without2fa, g.insecure2fa),
    access: [owners.has(lower(u.login)) ? `owner of ${g.org}` : `member of ${g.org}`],
    admin: owners.has(lower(u.login)) ? [`GitHub org owner of ${g.org}`] : [],
    claims: claimsOf(u.login),
  }));
  const outside: RawAccount[] = (g.outside ?? []).map((u) => ({
    system: 'github',
    scope: g.org,
    id: u.login,
    name: u.login,
    // Outside collaborators have no SMS-only filter: on means "not in the 2FA-disabled list".
    mfa: g.outsideWithout2fa === undefined ? 'unknown' : mfa(u.login, g.outsideWithout2fa, []),
    access: [`outside collaborator of ${g.org}`],
    admin: [],
    claims: claimsOf(u.login),
  }));
  return [...members, ...outside];
}

const latest = (dates: ReadonlyArray<string | null | undefined>): string | undefined =>
  dates
    .filter((d): d is string => typeof d === 'string')
    .sort()
    .at(-1);

/** IAM users from the credential report joined with their tags and admin grants from the authorization details. */
export function iamAccounts(a: IamInput, emailTag: string): RawAccount[] {
  const details = new Map((a.details?.users ?? []).map((u) => [u.Arn, u]));
  const admins = new Map(a.details ? principalsGranted(a.details, (e) => e.admin).map((p) => [p.arn, p] as const) : []);
  const rows = new Map((a.report?.rows ?? []).filter((r) => r.user !== '<root_account>').map((r) => [r.arn, r]));
  const arns = [...new Set([...rows.keys(), ...details.keys()])].sort();
  return arns.map((arn) => {
    const row = rows.get(arn);
    const user = details.get(arn);
    const name = user?.UserName ?? row?.user ?? arn;
    const tags = user?.Tags ?? [];
    const tagged = tags.find((t) => lower(t.Key) === lower(emailTag))?.Value;
    const keys = row
      ? [
          { slot: 1, active: row.access_key_1_active, lastUsed: row.access_key_1_last_used_date },
          { slot: 2, active: row.access_key_2_active, lastUsed: row.access_key_2_last_used_date },
        ]
      : [];
    const admin = admins.get(arn);
    const lastUsed = latest([row?.password_last_used, ...keys.map((k) => k.lastUsed)]);
    return {
      system: 'aws-iam',
      scope: a.account,
      id: arn,
      name,
      mfa: !row ? 'unknown' : row.password_enabled === true ? (row.mfa_active ? 'on' : 'off') : 'not-needed',
      access: [
        ...(row?.password_enabled === true ? ['console password'] : []),
        ...keys.filter((k) => k.active).map((k) => `access key ${k.slot}`),
      ],
      accessKeys: keys,
      admin: admin ? [`IAM admin in ${a.account}${admin.verdict === 'conditional' ? ' (conditional)' : ''}`] : [],
      ...(lastUsed ? { lastUsed } : {}),
      tags,
      claims: [
        ...(tagged && isEmail(tagged) ? [['iam-tag', lower(tagged)] as [string, string]] : []),
        ...(isEmail(name) ? [['user-name', lower(name)] as [string, string]] : []),
      ],
    } satisfies RawAccount;
  });
}

/**
 * Identity Center users with the permission sets assigned to them directly or through groups. Their second factor
 * is Workspace 2SV when the users are provisioned from an external IdP (SCIM); no read API shows Identity Center's
 * own MFA settings, so it is unknown otherwise.
 */
export function identityCenterAccounts(ic: IdentityCenterInput): RawAccount[] {
  const sets = new Map((ic.permissionSets ?? []).map((p) => [p.arn, p]));
  const groupsOf = new Map<string, string[]>();
  for (const g of ic.groups ?? [])
    for (const u of g.memberUserIds) groupsOf.set(u, [...(groupsOf.get(u) ?? []), g.groupId]);
  const groupName = new Map((ic.groups ?? []).map((g) => [g.groupId, g.displayName]));
  return (ic.users ?? []).map((u) => {
    const mine = (ic.assignments ?? []).filter(
      (a) =>
        (a.principalType === 'USER' && a.principalId === u.userId) ||
        (a.principalType === 'GROUP' && (groupsOf.get(u.userId) ?? []).includes(a.principalId)),
    );
    const label = (a: (typeof mine)[number]) =>
      `permission set ${sets.get(a.permissionSetArn)?.name ?? a.permissionSetArn} in ${a.accountId}${a.principalType === 'GROUP' ? ` via group ${groupName.get(a.principalId) ?? a.principalId}` : ''}`;
    const enabled = u.status !== 'DISABLED';
    const scim = ic.instance?.identitySource === 'scim' || u.externalIds.length > 0;
    return {
      system: 'aws-identity-center',
      scope: ic.scope,
      id: u.userId,
      name: u.userName,
      mfa: scim ? 'workspace-2sv' : 'unknown',
      access: enabled ? [...new Set(mine.map(label))].sort() : [],
      admin: [
        ...new Set(
          mine
            .filter((a) => enabled && (sets.get(a.permissionSetArn)?.admin.verdict ?? 'no') !== 'no')
            .map((a) => label(a)),
        ),
      ].sort(),
      claims: [
        ...(isEmail(u.userName) ? [['user-name', lower(u.userName)] as [string, string]] : []),
        ...u.emails.map((e) => ['email', lower(e)] as [string, string]),
      ],
    } satisfies RawAccount;
  });
}

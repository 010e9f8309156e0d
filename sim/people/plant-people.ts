import type { AwsSimState } from '../aws/aws-state.js';
import type { GithubState } from '../github/github-state.js';
import type { GoogleState } from '../google/google-state.js';
import type { GroundTruth } from '../ground-truth.js';
import { googleTruth } from '../google/google-truth.js';
import { IC_SCOPE_ID } from '../aws/identity-center-truth.js';
import { privilegedAccessTruth } from './people-truth.js';

/** What the simulated company's config says under `people`: explicit links and declared service accounts. */
export interface SimPeopleDesignations {
  accounts: Array<{ email: string; github?: string; iamUser?: string }>;
  serviceAccounts: Array<{ system?: 'github' | 'aws-iam'; name: string; owner: string }>;
}

const SCOPE = 'organization';
const HOUR = 3_600_000;
const arnOf = (account: string, user: string) => `arn:aws:iam::${account}:user/${user}`;

/**
 * One population across the vendors, drawn from the states already generated (no vendor's own plants change): every
 * GitHub user is linked to an active Workspace person by a SAML identity, a verified-domain email or the config's
 * mapping, every IAM user carries an `email` tag, except what is planted — a leaver (suspended, with a SUSPEND_USER admin event) still a GitHub member
 * and holding an IAM user whose access key was used after the suspension; the CFO with an IAM console password
 * without MFA (the one system where an executive lacks a second factor); an orphan GitHub login and IAM user; an IAM
 * user whose tag and mapping name two people (a conflict); the collector's own IAM user declared a service account; an offboarded person whom
 * SCIM left enabled in Identity Center, assigned through a group; a manager chain for access reviews.
 */
export function plantPeople(
  google: GoogleState,
  github: GithubState,
  aws: AwsSimState,
): { designations: SimPeopleDesignations; truth: GroundTruth } {
  const now = Date.parse(google.now);
  // Executives keep only the accounts planted for them.
  const active = google.users.filter(
    (u) => !u.suspended && !u.archived && !u.isAdmin && !u.isDelegatedAdmin && !u.orgUnitPath.startsWith('/Leadership'),
  );
  const owner = google.users.find((u) => u.primaryEmail.startsWith('platform.admin@'))!.primaryEmail;
  const cfo = google.users.find((u) => u.primaryEmail.startsWith('cfo@'))!.primaryEmail;
  const suspendedAt = new Map<string, number>();
  for (const a of google.activities)
    if (['SUSPEND_USER', 'ARCHIVE_USER', 'DELETE_USER'].includes(a.event.name)) {
      const email = a.event.parameters.find((p) => p.name === 'USER_EMAIL')?.value;
      if (typeof email === 'string') suspendedAt.set(email, Math.max(suspendedAt.get(email) ?? 0, Date.parse(a.time)));
    }

  // The leaver: a suspended non-admin; the IAM user: one with an active key last used after that suspension.
  const iamUsers = aws.accounts.flatMap((acct) => acct.iam.users.map((user) => ({ acct, user })));
  const baseUser = aws.baseCredentials.arn.split('/').at(-1)!;
  const lastKeyUse = new Map(
    iamUsers.map((x) => [
      x,
      Math.max(0, ...x.user.accessKeys.filter((k) => k.active && k.lastUsed).map((k) => Date.parse(k.lastUsed!))),
    ]),
  );
  const leaverChoice = google.users
    .filter(
      (u) =>
        u.suspended && !u.isAdmin && !u.isDelegatedAdmin && (suspendedAt.get(u.primaryEmail) ?? now) < now - 24 * HOUR,
    )
    .map((u) => {
      const x = iamUsers.find((x) => x.user.name !== baseUser && lastKeyUse.get(x)! > suspendedAt.get(u.primaryEmail)!);
      return x && { person: u.primaryEmail, ...x };
    })
    .find((c) => c !== undefined);
  const none = { designations: { accounts: [], serviceAccounts: [] }, truth: {} };
  // A small organization may lack what the plants need: then nothing is planted and the people checks are not covered.
  if (!leaverChoice || github.users.length < 4) return none;
  const consoleNoMfa = iamUsers.find(
    (x) => x.user !== leaverChoice.user && x.user.password.enabled && !x.user.mfa && x.user.name !== baseUser,
  );
  const rest = iamUsers.filter(
    (x) => x.user !== leaverChoice.user && x.user !== consoleNoMfa?.user && x.user.name !== baseUser,
  );
  const orphanIam = rest.find((x) => x.user.attachedPolicyArns.length === 0 && x.user.groups.length === 0) ?? rest[0];
  const conflictIam = rest.find((x) => x !== orphanIam && x.user.attachedPolicyArns.length === 0);
  if (!orphanIam || !conflictIam || active.length === 0) return none;

  // A manager chain for access reviews: the first executive over two leads, each lead over half the other people.
  const top = google.users.find((u) => u.orgUnitPath.startsWith('/Leadership') && !u.suspended && !u.archived);
  const leads = active.slice(0, 2);
  if (top)
    google.users.forEach((u, i) => {
      if (u === top) return;
      const lead = leads[i % leads.length]!;
      u.manager = leads.includes(u) || u === lead ? top.primaryEmail : lead.primaryEmail;
    });
  const accounts: SimPeopleDesignations['accounts'] = [];
  const tag = (u: (typeof iamUsers)[number]['user'], email: string) => {
    u.tags = [...u.tags.filter((t) => t.Key !== 'email'), { Key: 'email', Value: email }];
  };
  let next = 0;
  const person = () => active[next++ % active.length]!.primaryEmail;
  tag(leaverChoice.user, leaverChoice.person);
  if (consoleNoMfa) tag(consoleNoMfa.user, cfo);
  for (const x of rest) if (x !== orphanIam) tag(x.user, person());
  accounts.push({ email: person(), iamUser: arnOf(conflictIam.acct.id, conflictIam.user.name) });

  const logins = github.users.map((u) => u.login).sort();
  const orphanLogin = logins.at(-1)!;
  const serviceLogin = logins.at(-2)!;
  const leaverLogin = logins[0]!;
  // Most members link by SAML (some with SCIM), some by a verified-domain email, the rest through the mapping.
  const identity: NonNullable<GithubState['identity']> = Object.fromEntries(
    github.orgs.map((o) => [o.login, { saml: [], verifiedEmails: {} }]),
  );
  const memberLogins = new Map(github.orgs.map((o) => [o, new Set(o.members.map((m) => m.login))]));
  const orgsOf = (login: string) => github.orgs.filter((o) => memberLogins.get(o)!.has(login));
  const linkGithub = (login: string, email: string, i: number) => {
    const orgs = orgsOf(login);
    // Outside collaborators have no SAML identity nor verified-domain email in the organization.
    if (i % 5 === 4 || orgs.length === 0) return accounts.push({ email, github: login });
    for (const o of orgs) {
      const id = identity[o.login]!;
      if (i % 5 === 3) id.verifiedEmails[login] = [email];
      else
        id.saml!.push({
          guid: `${o.login}-${login}`,
          nameId: email,
          emails: [email],
          scimUsername: i % 5 === 1 ? email : null,
          login,
        });
    }
    return 0;
  };
  linkGithub(leaverLogin, leaverChoice.person, 0);
  logins.slice(1, -2).forEach((login, i) => linkGithub(login, person(), i + 1));
  // An identity no member claimed (an invitation not accepted yet) links nobody.
  for (const o of github.orgs)
    identity[o.login]!.saml!.push({
      guid: `${o.login}-unclaimed`,
      nameId: `new.hire@${google.domain}`,
      emails: [],
      scimUsername: null,
      login: null,
    });
  github.identity = identity;

  // An offboarded person still assigned in Identity Center: SCIM left the user enabled, and it is an Auditor.
  const ic = aws.identityCenter;
  const overdue = (email: string) => (suspendedAt.get(email) ?? now) < now - 24 * HOUR;
  const offboarded = new Set(
    google.users.filter((g) => (g.suspended || g.archived) && overdue(g.primaryEmail)).map((g) => g.primaryEmail),
  );
  const offboardedIc = ic?.users.find((u) => u.status === 'ENABLED' && offboarded.has(u.userName));
  const auditors = ic?.groups.find((g) => g.displayName === 'Auditors');
  if (offboardedIc && auditors && !auditors.members.includes(offboardedIc.userId))
    auditors.members.push(offboardedIc.userId);

  const iamResource = (x: (typeof iamUsers)[number]) => `${x.acct.id}/${arnOf(x.acct.id, x.user.name)}`;
  // The Identity Center collector's snapshot is scoped `aws-identity-center`.
  const icOrphans = (ic?.users ?? []).filter(
    (u) => !u.userName.includes('@') && !u.emails.some((e) => e.value.endsWith(`@${google.domain}`)),
  );
  return {
    designations: {
      accounts,
      serviceAccounts: [
        { system: 'github', name: serviceLogin, owner },
        { system: 'aws-iam', name: baseUser, owner },
      ],
    },
    truth: {
      // Workspace's own executive 2SV gaps, and the CFO's IAM console password without MFA.
      'people-executives-protected': [
        ...new Set([
          ...(googleTruth(google)['google-executives-2sv'] ?? []).map((t) => t.resourceId),
          ...(consoleNoMfa ? [cfo] : []),
        ]),
      ]
        .sort()
        .map((resourceId) => ({ scopeId: SCOPE, resourceId })),
      'people-offboarded-access': [
        ...orgsOf(leaverLogin).map((o) => ({ scopeId: SCOPE, resourceId: `${leaverChoice.person} github/${o.login}` })),
        { scopeId: SCOPE, resourceId: `${leaverChoice.person} aws-iam/${leaverChoice.acct.id}` },
        ...google.users
          .filter(
            (u) =>
              (u.suspended || u.archived) && u.isAdmin && (suspendedAt.get(u.primaryEmail) ?? now) < now - 24 * HOUR,
          )
          .map((u) => ({ scopeId: SCOPE, resourceId: `${u.primaryEmail} google-workspace` })),
        ...(offboardedIc && auditors
          ? [{ scopeId: SCOPE, resourceId: `${offboardedIc.userName} aws-identity-center/${IC_SCOPE_ID}` }]
          : []),
      ],
      // One run sees no revocation close (that takes a run seeing the access, then one not): see revokeLeaverGithub.
      'people-time-to-revoke': [],
      'people-privileged-access': privilegedAccessTruth(github, aws, {
        githubLogins: [orphanLogin],
        iamUsers: [orphanIam, conflictIam],
        identityCenterUserIds: icOrphans.map((u) => u.userId),
      }),
      'people-credentials-after-offboarding': [{ scopeId: SCOPE, resourceId: iamResource(leaverChoice) }],
      'people-orphan-accounts': [
        ...orgsOf(orphanLogin).map((o) => ({ scopeId: SCOPE, resourceId: `${o.login}/${orphanLogin}` })),
        { scopeId: SCOPE, resourceId: iamResource(orphanIam) },
        ...icOrphans.map((u) => ({ scopeId: SCOPE, resourceId: `aws-identity-center/${u.userId}` })),
      ],
      'people-link-conflicts': [{ scopeId: SCOPE, resourceId: iamResource(conflictIam) }],
    },
  };
}

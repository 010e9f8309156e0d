import type { PeopleConfig } from '../config/people-config.js';
import { googleAdmins, type GoogleUser } from '../datasets/google.js';
import type { Account, Offboarding, PeopleGraph, Person, Revocation } from '../datasets/people.js';
import type { GoogleInput, GraphInput } from './graph-input.js';
import { linkAccounts } from './link-accounts.js';
import { githubAccounts, iamAccounts, identityCenterAccounts } from './system-accounts.js';

const OFFBOARDING_EVENTS = new Set(['SUSPEND_USER', 'DELETE_USER', 'ARCHIVE_USER']);
/** A deleted person with no account left and a revocation older than this is dropped from the graph. */
const KEEP_DAYS = 400;
const DAY_MS = 86_400_000;

const lower = (s: string) => s.toLowerCase();
const inUnit = (path: string | undefined, unit: string): boolean =>
  path !== undefined && (unit === '/' || path === unit || path.startsWith(`${unit.replace(/\/+$/, '')}/`));

const stateOf = (u: GoogleUser): Person['state'] =>
  u.archived === true ? 'archived' : u.suspended === true ? 'suspended' : 'active';

function executivesVia(g: GoogleInput): Map<string, string[]> {
  const via = new Map<string, string[]>();
  const note = (email: string, how: string) => via.set(lower(email), [...(via.get(lower(email)) ?? []), how]);
  const ex = g.executives;
  if (!ex) return via;
  for (const grp of ex.groups)
    for (const m of grp.members)
      if (m.email && m.type !== 'GROUP' && m.type !== 'CUSTOMER') note(m.email, `group ${grp.email}`);
  for (const e of ex.emails) note(e, 'listed');
  for (const unit of ex.orgUnits)
    for (const u of g.users ?? []) if (inUnit(u.orgUnitPath, unit)) note(u.primaryEmail, `org unit ${unit}`);
  return via;
}

/** The latest suspend, delete or archive admin event per user. */
function offboardingEvents(g: GoogleInput): Map<string, Offboarding> {
  const out = new Map<string, Offboarding>();
  for (const e of g.adminEvents?.events ?? []) {
    if (!OFFBOARDING_EVENTS.has(e.name) || !e.userEmail) continue;
    const key = lower(e.userEmail);
    const seen = out.get(key);
    if (!seen || Date.parse(seen.at) < Date.parse(e.time))
      out.set(key, {
        at: e.time,
        source: 'admin-event',
        event: e.name,
        ...(e.actorEmail ? { actor: e.actorEmail } : {}),
      });
  }
  return out;
}

function buildPersons(g: GoogleInput, previous: PeopleGraph | undefined, now: Date): Person[] {
  const events = offboardingEvents(g);
  const execs = executivesVia(g);
  const admins = g.roles && g.roleAssignments ? googleAdmins(g.users ?? [], g.roles, g.roleAssignments) : undefined;
  const before = new Map((previous?.persons ?? []).map((p) => [p.email, p]));
  const offboarding = (email: string, state: Person['state']): Offboarding | undefined => {
    if (state === 'active') return undefined;
    const event = events.get(email);
    if (event) return event;
    const prior = before.get(email);
    if (prior?.offboarding && prior.state !== 'active') return prior.offboarding;
    return { at: now.toISOString(), source: 'first-run', event: state };
  };
  const persons: Person[] = (g.users ?? []).map((u) => {
    const email = lower(u.primaryEmail);
    const state = stateOf(u);
    const off = offboarding(email, state);
    const admin = admins?.get(u.id);
    return {
      email,
      ...(u.fullName ? { name: u.fullName } : {}),
      state,
      ...(off ? { offboarding: off } : {}),
      executiveVia: execs.get(email) ?? [],
      ...(u.isEnrolledIn2Sv !== undefined ? { enrolledIn2Sv: u.isEnrolledIn2Sv } : {}),
      ...(u.isEnforcedIn2Sv !== undefined ? { enforcedIn2Sv: u.isEnforcedIn2Sv } : {}),
      ...(u.manager ? { manager: u.manager } : {}),
      admin: admin
        ? [
            admin.superAdmin ? 'Workspace super admin' : 'Workspace delegated admin',
            ...admin.roles.map((r) => `role ${r}`),
          ]
        : [],
    };
  });
  const listed = new Set(persons.map((p) => p.email));
  // Gone from the directory: deleted. Known from the previous graph or from a DELETE_USER event.
  const gone = new Set([
    ...[...before.keys()].filter((e) => !listed.has(e)),
    ...[...events].filter(([e, ev]) => ev.event === 'DELETE_USER' && !listed.has(e)).map(([e]) => e),
  ]);
  for (const email of [...gone].sort()) {
    const prior = before.get(email);
    const event = events.get(email);
    persons.push({
      email,
      ...(prior?.name ? { name: prior.name } : {}),
      state: 'deleted',
      offboarding:
        event ??
        (prior?.offboarding && prior.state !== 'active'
          ? prior.offboarding
          : { at: now.toISOString(), source: 'first-run', event: 'deleted' }),
      executiveVia: prior?.executiveVia ?? [],
      admin: [],
    });
  }
  return persons;
}

const revocationKey = (r: Pick<Revocation, 'person' | 'system' | 'scope' | 'account'>) =>
  `${r.person}|${r.system}|${r.scope}|${r.account}`;

/**
 * Offboarded people's access per account: opened while live, closed by the first run that sees it gone (in a system
 * read without failure), carried from run to run as the time-to-revoke evidence.
 */
function trackRevocations(
  persons: readonly Person[],
  accounts: readonly Account[],
  input: GraphInput,
  previous: PeopleGraph | undefined,
  now: Date,
): Revocation[] {
  const readOk = new Set(input.systems.filter((s) => s.failures.length === 0).map((s) => `${s.system}|${s.scope}`));
  const offboarded = new Map(persons.filter((p) => p.offboarding).map((p) => [p.email, p.offboarding!]));
  const current = new Map(accounts.map((a) => [`${a.system}|${a.scope}|${a.id}`, a]));
  const out = new Map((previous?.revocations ?? []).map((r) => [revocationKey(r), { ...r }]));
  const live = (system: string, scope: string, id: string) =>
    (current.get(`${system}|${scope}|${id}`)?.access.length ?? 0) > 0;
  const open = (a: Pick<Account, 'system' | 'scope' | 'id' | 'name'>, person: string, off: Offboarding) => ({
    person,
    system: a.system,
    scope: a.scope,
    account: a.id,
    name: a.name,
    offboardedAt: off.at,
    offboardingSource: off.source,
  });
  for (const a of accounts) {
    const off = a.person ? offboarded.get(a.person) : undefined;
    if (!off || !a.person || a.access.length === 0) continue;
    const key = revocationKey({ person: a.person, system: a.system, scope: a.scope, account: a.id });
    out.set(key, open(a, a.person, off));
  }
  // Access a person had at the previous run, gone now that they are offboarded.
  for (const a of previous?.accounts ?? []) {
    const off = a.person ? offboarded.get(a.person) : undefined;
    if (!off || !a.person || a.access.length === 0) continue;
    const key = revocationKey({ person: a.person, system: a.system, scope: a.scope, account: a.id });
    if (!out.has(key)) out.set(key, open(a, a.person, off));
  }
  for (const r of out.values()) {
    const off = offboarded.get(r.person);
    if (off) {
      r.offboardedAt = off.at;
      r.offboardingSource = off.source;
    }
    if (!r.revokedAt && readOk.has(`${r.system}|${r.scope}`) && !live(r.system, r.scope, r.account))
      r.revokedAt = now.toISOString();
  }
  return [...out.values()]
    .filter((r) => !r.revokedAt || now.getTime() - Date.parse(r.revokedAt) < KEEP_DAYS * DAY_MS)
    .sort((a, b) => revocationKey(a).localeCompare(revocationKey(b)));
}

/** CloudTrail events by IAM users of offboarded people, later than the offboarding. */
function activityAfterOffboarding(persons: readonly Person[], accounts: readonly Account[], input: GraphInput) {
  const offAt = new Map(persons.filter((p) => p.offboarding).map((p) => [p.email, Date.parse(p.offboarding!.at)]));
  const watched = new Map(
    accounts
      .filter((a) => a.system === 'aws-iam' && a.person && offAt.has(a.person))
      .map((a) => [a.id, offAt.get(a.person!)!]),
  );
  const seen = new Set<string>();
  return input.cloudtrail
    .flatMap((c) => c.windows.flatMap((w) => w.events))
    .filter((e) => {
      const at = e.userIdentity.arn ? watched.get(e.userIdentity.arn) : undefined;
      if (at === undefined || Date.parse(e.eventTime) <= at || seen.has(e.eventId)) return false;
      seen.add(e.eventId);
      return true;
    })
    .map((e) => ({ account: e.userIdentity.arn!, eventName: e.eventName, eventTime: e.eventTime, eventId: e.eventId }))
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}

/**
 * The identity graph of one run: Workspace users are the people of record (one Workspace customer; a second one's
 * users join the same set), every other system's accounts linked to them by the rules of `linkAccounts`.
 */
export function buildPeopleGraph(
  input: GraphInput,
  config: PeopleConfig,
  previous: PeopleGraph | undefined,
  now: Date,
): PeopleGraph {
  const persons = input.google.flatMap((g) => buildPersons(g, previous, now));
  const raw = [
    ...input.github.flatMap(githubAccounts),
    ...input.iam.flatMap((a) => iamAccounts(a, config.iamEmailTag)),
    ...input.identityCenter.flatMap(identityCenterAccounts),
  ];
  const { accounts, conflicts } = linkAccounts(raw, new Set(persons.map((p) => p.email)), config);
  const revocations = trackRevocations(persons, accounts, input, previous, now);
  const linked = new Set(accounts.map((a) => a.person));
  const open = new Set(revocations.map((r) => r.person));
  const kept = persons.filter(
    (p) =>
      p.state !== 'deleted' ||
      linked.has(p.email) ||
      open.has(p.email) ||
      now.getTime() - Date.parse(p.offboarding!.at) < KEEP_DAYS * DAY_MS,
  );
  return {
    systems: input.systems,
    persons: kept.sort((a, b) => a.email.localeCompare(b.email)),
    accounts,
    conflicts,
    revocations,
    activityAfterOffboarding: activityAfterOffboarding(persons, accounts, input),
    offboardingSlaHours: config.offboardingSlaHours,
  };
}

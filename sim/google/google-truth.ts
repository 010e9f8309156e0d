import type { GroundTruth } from '../ground-truth.js';
import { groupMembers, type GoogleState, type SimGoogleUser } from './google-state.js';

const DAY = 86_400_000;
const SENSITIVE =
  /^(https:\/\/mail\.google\.com\/|https:\/\/www\.googleapis\.com\/auth\/(gmail\.|drive$|drive\.readonly|calendar|admin\.|contacts|documents|spreadsheets|presentations|chat\.|cloud-platform))/;

const active = (u: SimGoogleUser) => !u.suspended && !u.archived;

/**
 * The Workspace violations in `state`, as a correct run with the simulated config (designations) must report them.
 * Derived from what the sim planted: users and roles by id, groups expanded, grants replayed from the activities.
 */
export function googleTruth(state: GoogleState): GroundTruth {
  const scopeId = state.domain;
  const d = state.designations;
  const at = (resourceId: string) => ({ scopeId, resourceId });
  const byId = new Map(state.users.map((u) => [u.id, u]));
  const now = Date.parse(state.now);

  const superRoles = new Set(state.roles.filter((r) => r.isSuperAdminRole).map((r) => r.roleId));
  const admins = new Map<string, boolean>();
  for (const u of state.users) if (u.isAdmin || u.isDelegatedAdmin) admins.set(u.id, u.isAdmin);
  for (const a of state.roleAssignments) {
    const ids =
      a.assigneeType === 'user'
        ? [a.assignedTo]
        : groupMembers(
            state,
            state.groups.find((g) => g.id === a.assignedTo)!,
            true,
          ).flatMap((m) => (m.kind === 'user' ? [m.userId] : []));
    for (const id of ids) admins.set(id, (admins.get(id) ?? false) || superRoles.has(a.roleId));
  }

  const execs = new Set<string>([...d.executives.emails]);
  for (const email of d.executives.groups) {
    const g = state.groups.find((x) => x.email === email)!;
    for (const m of groupMembers(state, g, true)) if (m.kind === 'user') execs.add(byId.get(m.userId)!.primaryEmail);
  }
  for (const unit of d.executives.orgUnits)
    for (const u of state.users)
      if (u.orgUnitPath === unit || u.orgUnitPath.startsWith(`${unit}/`)) execs.add(u.primaryEmail);

  const unitsNotEnforced = new Set(
    state.users.filter((u) => active(u) && !u.isEnforcedIn2Sv).map((u) => u.orgUnitPath),
  );
  const countedSupers = state.users.filter(
    (u) => active(u) && admins.get(u.id) === true && !d.breakGlassAccounts.includes(u.primaryEmail),
  ).length;
  const cutoff = now - d.maxInactiveDays * DAY;
  const since = new Date(now - d.lookbackDays * DAY).toISOString();

  // With the token inventory every current token counts; without it, replayed token events inside the window decide.
  const grants: Array<{ kind: string; scopes: string[]; name: string; clientId: string }> = d.tokenInventory
    ? state.tokens.map((t) => ({ kind: 'authorize', scopes: t.scopes, name: t.displayText, clientId: t.clientId }))
    : [...replayTokenEvents(state, since).values()];
  const flaggedApps = new Set<string>();
  for (const g of grants) {
    if (g.kind !== 'authorize' || !g.scopes.some((s) => SENSITIVE.test(s))) continue;
    if (
      d.approvedClientIds.includes(g.clientId) ||
      d.approvedAppNames.some((n) => n.toLowerCase() === g.name.toLowerCase())
    )
      continue;
    flaggedApps.add(g.clientId);
  }

  return {
    'google-2sv-enforced': [...unitsNotEnforced].sort().map(at),
    'google-2sv-enrolled': state.users.filter((u) => active(u) && !u.isEnrolledIn2Sv).map((u) => at(u.primaryEmail)),
    'google-executives-2sv': state.users
      .filter((u) => execs.has(u.primaryEmail) && active(u) && !(u.isEnrolledIn2Sv && u.isEnforcedIn2Sv))
      .map((u) => at(u.primaryEmail)),
    'google-admins-2sv': state.users
      .filter((u) => active(u) && admins.has(u.id) && !u.isEnrolledIn2Sv)
      .map((u) => at(u.primaryEmail)),
    'google-super-admin-count':
      countedSupers < d.superAdminMinimum || countedSupers > d.superAdminMaximum ? [at(scopeId)] : [],
    'google-inactive-accounts': state.users
      .filter(
        (u) =>
          active(u) &&
          !d.breakGlassAccounts.includes(u.primaryEmail) &&
          Date.parse(u.creationTime) <= cutoff &&
          Date.parse(u.lastLoginTime) <= cutoff,
      )
      .map((u) => at(u.primaryEmail)),
    'google-third-party-app-access': [...flaggedApps].sort().map(at),
  };
}

/** The latest token event per (client, user) since `since`, as the Reports API shows them. */
function replayTokenEvents(
  state: GoogleState,
  since: string,
): Map<string, { kind: string; time: string; scopes: string[]; name: string; clientId: string }> {
  const latest = new Map<string, { kind: string; time: string; scopes: string[]; name: string; clientId: string }>();
  for (const a of [...state.activities].reverse()) {
    if (a.applicationName !== 'token' || a.time < since || !['authorize', 'revoke'].includes(a.event.name)) continue;
    const p = (n: string) => a.event.parameters.find((x) => x.name === n);
    const clientId = p('client_id')!.value!;
    latest.set(`${clientId} ${a.actorEmail}`, {
      kind: a.event.name,
      time: a.time,
      scopes: p('scope')?.multiValue ?? [],
      name: p('app_name')!.value!,
      clientId,
    });
  }
  return latest;
}

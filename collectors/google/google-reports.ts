import type { admin_reports_v1 } from '@googleapis/admin';
import type { GoogleOauthGrants, GoogleUserAdminEvents } from '../../src/model/datasets/google.js';
import { forEachItem } from './google-pages.js';
import type { RetryPolicy } from './google-retry.js';

export interface ReportsContext {
  reports: admin_reports_v1.Admin;
  policy: RetryPolicy;
}

type Activity = admin_reports_v1.Schema$Activity;
type Parameter = NonNullable<NonNullable<Activity['events']>[number]['parameters']>[number];

const ACTIVITY_FIELDS = 'nextPageToken,items(id/time,actor/email,events(name,type,parameters(name,value,multiValue)))';

/** Offboarding events of the Admin console (type USER_SETTINGS, parameter USER_EMAIL). */
export const USER_ADMIN_EVENTS = ['SUSPEND_USER', 'DELETE_USER', 'ARCHIVE_USER'] as const;

export const activityOperation = (application: string, eventName: string) =>
  `reports.activities.list(${application}/${eventName})`;

/** Activities of every user for one application and event since `startTime`, 1,000 a page (the maximum). */
async function forEachActivity(
  c: ReportsContext,
  applicationName: string,
  eventName: string,
  startTime: string,
  onItem: (a: Activity) => void,
): Promise<void> {
  await forEachItem<Activity>(
    activityOperation(applicationName, eventName),
    c.policy,
    'items',
    (pageToken) =>
      c.reports.activities.list({
        userKey: 'all',
        applicationName,
        eventName,
        startTime,
        maxResults: 1000,
        fields: ACTIVITY_FIELDS,
        ...(pageToken ? { pageToken } : {}),
      }),
    onItem,
  );
}

const param = (ps: readonly Parameter[] | undefined, name: string): Parameter | undefined =>
  ps?.find((p) => p.name === name);

/** https://developers.google.com/admin-sdk/reports/v1/appendix/activity/admin-user-settings */
export async function listUserAdminEvents(
  c: ReportsContext,
  since: string,
  call: <T>(op: string, fn: () => Promise<T>) => Promise<T>,
): Promise<GoogleUserAdminEvents> {
  const events: GoogleUserAdminEvents['events'] = [];
  for (const name of USER_ADMIN_EVENTS) {
    await call(activityOperation('admin', name), () =>
      forEachActivity(c, 'admin', name, since, (a) => {
        for (const e of a.events ?? []) {
          if (e.name !== name) continue;
          const userEmail = param(e.parameters, 'USER_EMAIL')?.value?.toLowerCase();
          events.push({
            time: a.id?.time ?? '',
            name,
            ...(userEmail ? { userEmail } : {}),
            ...(a.actor?.email ? { actorEmail: a.actor.email.toLowerCase() } : {}),
          });
        }
      }),
    );
  }
  events.sort((x, y) => x.time.localeCompare(y.time));
  return { since, events };
}

/** One `token` authorize or revoke event, as the inventory and the grant fold read it. */
export interface TokenEvent {
  time: string;
  name: 'authorize' | 'revoke';
  user: string;
  clientId: string;
  appName?: string;
  /** The scopes of this consent (authorize); empty for revoke. */
  scopes: string[];
}

/**
 * `token` events of one name since `since`, every user. Events without a client id or an actor are skipped (nothing
 * to attribute them to). https://developers.google.com/admin-sdk/reports/v1/appendix/activity/token
 */
export async function forEachTokenEvent(
  c: ReportsContext,
  name: TokenEvent['name'],
  since: string,
  onEvent: (e: TokenEvent) => void,
): Promise<void> {
  await forEachActivity(c, 'token', name, since, (a) => {
    const user = a.actor?.email?.toLowerCase();
    const time = a.id?.time ?? '';
    for (const e of a.events ?? []) {
      const clientId = param(e.parameters, 'client_id')?.value;
      if (e.name !== name || !clientId || !user) continue;
      const appName = param(e.parameters, 'app_name')?.value;
      const scope = param(e.parameters, 'scope');
      const scopes = scope?.multiValue ?? (scope?.value ? scope.value.split(/\s+/) : []);
      onEvent({ time, name, user, clientId, ...(appName ? { appName } : {}), scopes });
    }
  });
}

interface Grant {
  time: string;
  scopes: readonly string[];
}

/**
 * Third-party OAuth grants: `token` authorize events since `since`, minus grants revoked later, folded into one
 * entry per client id. The latest event per (client, user) decides; memory grows with distinct grants, not events.
 * A grant authorised before `since` is not seen: the coverage says so.
 */
export async function listOauthGrants(
  c: ReportsContext,
  since: string,
  call: <T>(op: string, fn: () => Promise<T>) => Promise<T>,
): Promise<GoogleOauthGrants> {
  const granted = new Map<string, Map<string, Grant>>();
  const revoked = new Map<string, string>();
  const names = new Map<string, string>();
  const scopeText = new Map<string, string>();
  const intern = (s: string) => scopeText.get(s) ?? (scopeText.set(s, s), s);

  await call(activityOperation('token', 'authorize'), () =>
    forEachTokenEvent(c, 'authorize', since, (e) => {
      if (e.appName) names.set(e.clientId, e.appName);
      const perUser = granted.get(e.clientId) ?? new Map<string, Grant>();
      const prior = perUser.get(e.user);
      if (!prior || prior.time <= e.time) perUser.set(e.user, { time: e.time, scopes: e.scopes.map(intern) });
      granted.set(e.clientId, perUser);
    }),
  );
  await call(activityOperation('token', 'revoke'), () =>
    forEachTokenEvent(c, 'revoke', since, (e) => {
      const key = `${e.clientId} ${e.user}`;
      if ((revoked.get(key) ?? '') < e.time) revoked.set(key, e.time);
    }),
  );

  const apps: GoogleOauthGrants['apps'] = [];
  for (const [clientId, perUser] of granted) {
    const users: string[] = [];
    const scopes = new Set<string>();
    let last = '';
    for (const [user, g] of perUser) {
      if ((revoked.get(`${clientId} ${user}`) ?? '') >= g.time) continue;
      users.push(user);
      for (const s of g.scopes) scopes.add(s);
      if (g.time > last) last = g.time;
    }
    if (users.length === 0) continue;
    const appName = names.get(clientId);
    apps.push({
      clientId,
      ...(appName ? { appName } : {}),
      scopes: [...scopes].sort(),
      users: users.sort(),
      lastAuthorizedAt: last,
    });
  }
  apps.sort((x, y) => x.clientId.localeCompare(y.clientId));
  return { coverage: { kind: 'events', since }, apps };
}

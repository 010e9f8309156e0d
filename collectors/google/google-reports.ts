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

interface Grant {
  time: string;
  scopes: readonly string[];
}

/**
 * Third-party OAuth grants: `token` authorize events since `since`, minus grants revoked later, folded into one
 * entry per client id. The latest event per (client, user) decides; memory grows with distinct grants, not events.
 * https://developers.google.com/admin-sdk/reports/v1/appendix/activity/token
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
    forEachActivity(c, 'token', 'authorize', since, (a) => {
      const user = a.actor?.email?.toLowerCase();
      const time = a.id?.time ?? '';
      for (const e of a.events ?? []) {
        const clientId = param(e.parameters, 'client_id')?.value;
        if (e.name !== 'authorize' || !clientId || !user) continue;
        const appName = param(e.parameters, 'app_name')?.value;
        if (appName) names.set(clientId, appName);
        const scope = param(e.parameters, 'scope');
        const scopes = (scope?.multiValue ?? (scope?.value ? scope.value.split(/\s+/) : [])).map(intern);
        const perUser = granted.get(clientId) ?? new Map<string, Grant>();
        const prior = perUser.get(user);
        if (!prior || prior.time <= time) perUser.set(user, { time, scopes });
        granted.set(clientId, perUser);
      }
    }),
  );
  await call(activityOperation('token', 'revoke'), () =>
    forEachActivity(c, 'token', 'revoke', since, (a) => {
      const user = a.actor?.email?.toLowerCase();
      for (const e of a.events ?? []) {
        const clientId = param(e.parameters, 'client_id')?.value;
        if (e.name !== 'revoke' || !clientId || !user) continue;
        const key = `${clientId} ${user}`;
        const time = a.id?.time ?? '';
        if ((revoked.get(key) ?? '') < time) revoked.set(key, time);
      }
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
  return { since, apps };
}

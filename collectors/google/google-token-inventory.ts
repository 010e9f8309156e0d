import type { admin_directory_v1 } from '@googleapis/admin';
import { CollectorError } from '../../src/errors.js';
import type { CallFn } from '../../src/model/collector.js';
import type {
  GoogleOauthGrants,
  GoogleOauthTokenInventory,
  GoogleTokenGrant,
  GoogleUser,
} from '../../src/model/datasets/google.js';
import type { DirectoryContext } from './google-directory.js';
import { forEachItem } from './google-pages.js';
import { activityOperation, forEachTokenEvent, type ReportsContext, type TokenEvent } from './google-reports.js';
import type { RequestWindow } from './google-request-window.js';

const DAY_MS = 86_400_000;
/** Google keeps token events this long; a cursor older than that leaves a gap only a new bootstrap can fill. */
export const TOKEN_EVENT_RETENTION_DAYS = 180;
/**
 * Token events reach the Reports API late, so each update re-reads a day before its cursor; replaying an event twice
 * changes nothing. https://support.google.com/a/answer/7061566 (data retention and lag times)
 */
export const TOKEN_EVENT_OVERLAP_MS = DAY_MS;
/** The run-manifest cursor of the inventory: how far token events have been applied (`currentTo`). */
export const TOKEN_INVENTORY_CURSOR = 'google-workspace.oauthTokenInventory';

const TOKEN_FIELDS = 'items(clientId,displayText,scopes)';
const byKey = (g: Pick<GoogleTokenGrant, 'clientId' | 'user'>) => `${g.clientId} ${g.user}`;

export interface TokenInventoryContext {
  clients: DirectoryContext & ReportsContext;
  /** The run's clock. */
  now: Date;
  /** Workers listing tokens at once during a bootstrap. */
  concurrency: number;
  window: RequestWindow;
  call: CallFn;
}

/** Runs `work` over `items` with `concurrency` workers; the first failure stops the others taking more. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Lists the tokens of every user (one `directory.tokens.list` each: the method has no paging), `concurrency` at a
 * time within the request window. A user deleted since users.list answers 404: no tokens. Costs one request per user.
 * https://developers.google.com/admin-sdk/directory/reference/rest/v1/tokens/list
 */
export async function bootstrapTokenInventory(
  c: TokenInventoryContext,
  users: readonly GoogleUser[],
): Promise<GoogleOauthTokenInventory> {
  const at = c.now.toISOString();
  const grants: GoogleTokenGrant[] = [];
  await c.call('directory.tokens.list', () =>
    pool(users, c.concurrency, async (u) => {
      await c.window.take();
      try {
        await forEachItem<admin_directory_v1.Schema$Token>(
          'directory.tokens.list',
          c.clients.policy,
          'items',
          () => c.clients.directory.tokens.list({ userKey: u.id, fields: TOKEN_FIELDS }),
          (t) => {
            if (!t.clientId) return;
            grants.push({
              user: u.primaryEmail,
              clientId: t.clientId,
              ...(t.displayText ? { appName: t.displayText } : {}),
              scopes: [...(t.scopes ?? [])].sort(),
              updatedAt: at,
            });
          },
        );
      } catch (err) {
        if (err instanceof CollectorError && err.status === 404) return;
        throw err;
      }
    }),
  );
  grants.sort((x, y) => byKey(x).localeCompare(byKey(y)));
  return { bootstrappedAt: at, currentTo: at, usersListed: users.length, grants };
}

/**
 * Replays token events, oldest first, onto the inventory: `authorize` adds the event's scopes to the user's grant
 * (a grant only grows until revoked), `revoke` removes it. Grants of users no longer in the directory are dropped.
 */
export function applyTokenEvents(
  inventory: GoogleOauthTokenInventory,
  events: readonly TokenEvent[],
  users: readonly GoogleUser[],
  currentTo: string,
): GoogleOauthTokenInventory {
  const grants = new Map(inventory.grants.map((g) => [byKey(g), g]));
  for (const e of [...events].sort((x, y) => x.time.localeCompare(y.time))) {
    const key = byKey(e);
    const prior = grants.get(key);
    if (e.name === 'revoke') grants.delete(key);
    else {
      const appName = e.appName ?? prior?.appName;
      grants.set(key, {
        user: e.user,
        clientId: e.clientId,
        ...(appName ? { appName } : {}),
        scopes: [...new Set([...(prior?.scopes ?? []), ...e.scopes])].sort(),
        updatedAt: prior && prior.updatedAt > e.time ? prior.updatedAt : e.time,
      });
    }
  }
  const present = new Set(users.map((u) => u.primaryEmail));
  const kept = [...grants.values()].filter((g) => present.has(g.user));
  kept.sort((x, y) => byKey(x).localeCompare(byKey(y)));
  return { ...inventory, currentTo, grants: kept };
}

/** Why the previous inventory cannot be carried on, or undefined when it can. */
export function bootstrapReason(
  previous: GoogleOauthTokenInventory | undefined,
  cursor: string | undefined,
  now: Date,
): string | undefined {
  if (!previous) return 'no inventory in the previous run';
  if (cursor === undefined || previous.currentTo !== cursor)
    return `the previous inventory (to ${previous.currentTo}) does not match the cursor (${cursor ?? 'none'})`;
  const oldest = now.getTime() - TOKEN_EVENT_RETENTION_DAYS * DAY_MS;
  if (Date.parse(cursor) - TOKEN_EVENT_OVERLAP_MS < oldest)
    return `token events since ${cursor} are past Google's ${TOKEN_EVENT_RETENTION_DAYS}-day retention`;
  return undefined;
}

/**
 * The inventory of current grants: the previous run's, brought up to now from token events since its cursor (less the
 * overlap, never before the bootstrap), or a new bootstrap when there is none to carry on.
 */
export async function keepTokenInventory(
  c: TokenInventoryContext,
  users: readonly GoogleUser[],
  previous: GoogleOauthTokenInventory | undefined,
  cursor: string | undefined,
): Promise<{ inventory: GoogleOauthTokenInventory; bootstrap?: string }> {
  const reason = bootstrapReason(previous, cursor, c.now);
  if (reason !== undefined || !previous)
    return { inventory: await bootstrapTokenInventory(c, users), bootstrap: reason };
  const from = Math.max(Date.parse(previous.bootstrappedAt), Date.parse(previous.currentTo) - TOKEN_EVENT_OVERLAP_MS);
  const since = new Date(from).toISOString();
  const events: TokenEvent[] = [];
  for (const name of ['authorize', 'revoke'] as const)
    await c.call(activityOperation('token', name), () =>
      forEachTokenEvent(c.clients, name, since, (e) => events.push(e)),
    );
  return { inventory: applyTokenEvents(previous, events, users, c.now.toISOString()) };
}

/** The inventory folded per app, as the third-party app check reads grants. */
export function grantsFromInventory(inventory: GoogleOauthTokenInventory): GoogleOauthGrants {
  const apps = new Map<string, { appName?: string; scopes: Set<string>; users: string[] }>();
  for (const g of inventory.grants) {
    const app = apps.get(g.clientId) ?? { scopes: new Set<string>(), users: [] };
    if (g.appName) app.appName = g.appName;
    for (const s of g.scopes) app.scopes.add(s);
    app.users.push(g.user);
    apps.set(g.clientId, app);
  }
  return {
    coverage: { kind: 'inventory', bootstrappedAt: inventory.bootstrappedAt, currentTo: inventory.currentTo },
    apps: [...apps]
      .map(([clientId, a]) => ({
        clientId,
        ...(a.appName ? { appName: a.appName } : {}),
        scopes: [...a.scopes].sort(),
        users: [...new Set(a.users)].sort(),
      }))
      .sort((x, y) => x.clientId.localeCompare(y.clientId)),
  };
}

import { admin, type admin_directory_v1, type admin_reports_v1 } from '@googleapis/admin';
import { CollectorError } from '../../src/errors.js';
import {
  defineCollector,
  type CallFn,
  type Collector,
  type CollectorContext,
  type ScopeRecorder,
} from '../../src/model/collector.js';
import type { GoogleSourceConfig } from '../../src/model/config/google-config.js';
import { googleDatasets, type GoogleUser } from '../../src/model/datasets/google.js';
import { createAuthClient, TOKEN_OPERATION } from './google-auth.js';
import { listMembers, listRoleAssignments, listRoles, listUsers, type DirectoryContext } from './google-directory.js';
import { describeGoogleError } from './google-errors.js';
import { googlePermissions } from './google-permissions.js';
import { listOauthGrants, listUserAdminEvents, type ReportsContext } from './google-reports.js';
import type { RetryPolicy } from './google-retry.js';
import { requestWindow } from './google-request-window.js';
import { grantsFromInventory, keepTokenInventory, TOKEN_INVENTORY_CURSOR } from './google-token-inventory.js';
import { createGoogleTransport } from './google-transport.js';

const DAY_MS = 86_400_000;

export interface GoogleCollectorOptions {
  /** First retry delay (doubling); tests shorten it. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRetryAfterMs?: number;
  /** The token inventory's request window (default one minute); tests shorten it. */
  quotaWindowMs?: number;
}

type Clients = DirectoryContext & ReportsContext;

function makeClients(ctx: CollectorContext<GoogleSourceConfig>, opts: GoogleCollectorOptions): () => Promise<Clients> {
  const { config } = ctx;
  const transporter = createGoogleTransport({
    countRequest: ctx.countRequest,
    signal: ctx.signal,
    timeoutMs: config.requestTimeoutSeconds * 1000,
    ...(config.tokenUrl ? { tokenUrl: config.tokenUrl } : {}),
  });
  const policy: RetryPolicy = {
    retries: config.retries,
    baseDelayMs: opts.baseDelayMs ?? 1000,
    maxDelayMs: opts.maxDelayMs ?? 32_000,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? 120_000,
    signal: ctx.signal,
    log: ctx.log,
  };
  let ready: Promise<Clients> | undefined;
  // One token for the whole run; every dataset awaits it under TOKEN_OPERATION, so a refused token names that call.
  return () =>
    (ready ??= (async () => {
      try {
        const auth = await createAuthClient(config, ctx.secret, transporter);
        await auth.getAccessToken();
        // googleapis-common bundles its own google-auth-library: same client interface, different type identity.
        // Retries are ours (withRetries), so gaxios' own are off.
        const common = { auth: auth as never, retry: false, ...(config.rootUrl ? { rootUrl: config.rootUrl } : {}) };
        const directory: admin_directory_v1.Admin = admin({ version: 'directory_v1', ...common });
        const reports: admin_reports_v1.Admin = admin({ version: 'reports_v1', ...common });
        return { directory, reports, customer: config.customer, policy };
      } catch (err) {
        if (err instanceof CollectorError) throw err;
        // An HTTP failure (gaxios sets `config`) is described by its status and OAuth error; anything else (no key,
        // unreadable ADC file) by its own message.
        const info = describeGoogleError(err);
        const http = typeof err === 'object' && err !== null && 'config' in err;
        throw new CollectorError(
          http ? info.message : err instanceof Error ? err.message : String(err),
          TOKEN_OPERATION,
          info.status,
          { cause: err },
        );
      }
    })());
}

async function collectCustomer(
  ctx: CollectorContext<GoogleSourceConfig>,
  rec: ScopeRecorder,
  clients: () => Promise<Clients>,
  opts: GoogleCollectorOptions,
): Promise<void> {
  const { config, now } = ctx;
  const authorized = (call: CallFn) => call(TOKEN_OPERATION, clients);
  const since = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const { groups, emails, orgUnits } = config.executives;

  const users = rec.dataset('google-workspace.users', async (call) => {
    const c = await authorized(call);
    return call('directory.users.list', () => listUsers(c));
  });
  await Promise.all([
    users,
    rec.dataset('google-workspace.roles', async (call) => {
      const c = await authorized(call);
      return call('directory.roles.list', () => listRoles(c));
    }),
    rec.dataset('google-workspace.roleAssignments', async (call) => listRoleAssignments(await authorized(call), call)),
    groups.length + emails.length + orgUnits.length === 0
      ? rec.notApplicable(
          'google-workspace.executives',
          'sources.google.executives',
          'no executives are configured (sources.google.executives: groups, emails or orgUnits)',
        )
      : rec.dataset('google-workspace.executives', async (call) => {
          const c = groups.length > 0 ? await authorized(call) : undefined;
          const resolved = [];
          for (const g of groups)
            resolved.push({ email: g, members: await call('directory.members.list', () => listMembers(c!, g)) });
          return { groups: resolved, emails, orgUnits };
        }),
    rec.dataset('google-workspace.breakGlassAccounts', () => Promise.resolve(config.breakGlassAccounts)),
    rec.dataset('google-workspace.userAdminEvents', async (call) =>
      listUserAdminEvents(await authorized(call), since(config.adminEventsLookbackDays), call),
    ),
    config.tokenInventory.enabled
      ? collectTokenInventory(ctx, rec, clients, users, opts)
      : collectRecentGrants(rec, authorized, since(config.lookbackDays)),
  ]);
}

/** Without the inventory: the grants of token events since `since` only (the check's passes say so). */
async function collectRecentGrants(
  rec: ScopeRecorder,
  authorized: (call: CallFn) => Promise<Clients>,
  since: string,
): Promise<void> {
  rec.notApplicable(
    'google-workspace.oauthTokenInventory',
    'sources.google.tokenInventory',
    'the token inventory is off (sources.google.tokenInventory.enabled)',
  );
  await rec.dataset('google-workspace.oauthGrants', async (call) =>
    listOauthGrants(await authorized(call), since, call),
  );
}

/**
 * The token inventory (carried from the previous run, or bootstrapped), its cursor moved only once it is collected,
 * and the grants the app check reads folded from it. If the inventory fails, the grants fail naming the same call.
 */
async function collectTokenInventory(
  ctx: CollectorContext<GoogleSourceConfig>,
  rec: ScopeRecorder,
  clients: () => Promise<Clients>,
  users: Promise<GoogleUser[] | undefined>,
  opts: GoogleCollectorOptions,
): Promise<void> {
  const { concurrency, requestsPerMinute } = ctx.config.tokenInventory;
  let failure: Error | undefined;
  const inventory = rec.dataset('google-workspace.oauthTokenInventory', async (call) => {
    try {
      const c = await call(TOKEN_OPERATION, clients);
      const [previous, listed] = await Promise.all([rec.previousData('google-workspace.oauthTokenInventory'), users]);
      if (!listed)
        throw new CollectorError('the token inventory needs the user list, which was not read', 'directory.users.list');
      const window = requestWindow(requestsPerMinute, opts.quotaWindowMs ?? 60_000, ctx.signal);
      const kept = await keepTokenInventory(
        { clients: c, now: ctx.now, concurrency, window, call },
        listed,
        previous,
        rec.previousCursor(TOKEN_INVENTORY_CURSOR),
      );
      if (kept.bootstrap)
        ctx.log.info(
          { users: listed.length, reason: kept.bootstrap },
          `Google token inventory: bootstrapping with tokens.list for ${listed.length} users`,
        );
      return kept.inventory;
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
  });
  await Promise.all([
    inventory.then((v) => v && rec.setCursor(TOKEN_INVENTORY_CURSOR, v.currentTo)),
    rec.dataset('google-workspace.oauthGrants', async () => {
      const v = await inventory;
      if (v) return grantsFromInventory(v);
      throw failure ?? new CollectorError('the token inventory was not collected', 'directory.tokens.list');
    }),
  ]);
}

export function createGoogleWorkspaceCollector(opts: GoogleCollectorOptions = {}): Collector<GoogleSourceConfig> {
  return defineCollector<GoogleSourceConfig>({
    id: 'google-workspace',
    source: 'google',
    title:
      'Google Workspace: users and their 2-Step Verification, admins and roles, executives, OAuth app grants, offboarding events',
    permissions: googlePermissions,
    schema: googleDatasets,
    async collect(ctx) {
      const { config } = ctx;
      const clients = makeClients(ctx, opts);
      const id = config.domain ?? config.customer;
      await ctx.scope({ kind: 'google-customer', id, ...(config.domain ? { name: config.domain } : {}) }, (rec) =>
        collectCustomer(ctx, rec, clients, opts),
      );
    },
  });
}

export const googleWorkspaceCollector = createGoogleWorkspaceCollector();

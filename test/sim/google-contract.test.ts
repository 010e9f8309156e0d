import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGoogle } from '../../sim/google/generate-google.js';
import { startGoogleSim, type GoogleSim } from '../../sim/google/google-sim.js';
import type { GoogleState } from '../../sim/google/google-state.js';
import { Random } from '../../sim/random.js';
import { loadDiscovery, validateDiscovery } from './google-discovery.js';
import { accessToken, assertion, tokenResponse } from './google-token.js';

const directory = loadDiscovery('admin-directory_v1.json');
const reports = loadDiscovery('admin-reports_v1.json');
const NOW = new Date();

describe('simulated Google Admin SDK', () => {
  let state: GoogleState;
  let sim: GoogleSim;
  let token: string;
  const get = async (path: string, bearer = token) => {
    const r = await fetch(new URL(path, sim.rootUrl), { headers: { authorization: `Bearer ${bearer}` } });
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
  /** Every page of a list, following nextPageToken. */
  const allPages = async (path: string) => {
    const pages: Array<Record<string, any>> = [];
    let next: string | undefined;
    do {
      const { status, body } = await get(`${path}${path.includes('?') ? '&' : '?'}${next ? `pageToken=${next}` : ''}`);
      expect(status).toBe(200);
      pages.push(body);
      next = body.nextPageToken;
    } while (next);
    return pages;
  };

  beforeAll(async () => {
    state = generateGoogle(new Random(3).fork('google'), { users: 45, now: NOW });
    sim = await startGoogleSim(state, { pageCap: 7 });
    token = await accessToken(sim.tokenUrl, sim.serviceAccountKeyJson, { sub: sim.subject });
  });
  afterAll(async () => {
    await sim.server.close();
  });

  describe('responses conform to the discovery documents', () => {
    it.each([
      ['admin/directory/v1/users?customer=my_customer&maxResults=500', 'Users', 'users'],
      ['admin/directory/v1/customer/my_customer/roles', 'Roles', 'items'],
      ['admin/directory/v1/customer/my_customer/roleassignments', 'RoleAssignments', 'items'],
      ['admin/directory/v1/groups/exec@DOMAIN/members?includeDerivedMembership=true', 'Members', 'members'],
    ])('%s is %s on every page', async (path, schema, key) => {
      const pages = await allPages(path.replace('DOMAIN', state.domain));
      expect(pages.flatMap((p) => p[key] ?? []).length).toBeGreaterThan(0);
      for (const p of pages) expect(validateDiscovery(directory, schema, p)).toEqual([]);
    });

    it('tokens.list is Tokens: every token of the user in one answer, items left out when none; needs the security scope', async () => {
      const security = await accessToken(sim.tokenUrl, sim.serviceAccountKeyJson, {
        sub: sim.subject,
        scope: 'https://www.googleapis.com/auth/admin.directory.user.security',
      });
      const holder = state.users.find((u) => state.tokens.some((t) => t.userId === u.id))!;
      const { status, body } = await get(`admin/directory/v1/users/${holder.primaryEmail}/tokens`, security);
      expect(status).toBe(200);
      expect(validateDiscovery(directory, 'Tokens', body)).toEqual([]);
      expect(body.items.map((t: { clientId: string }) => t.clientId).sort()).toEqual(
        state.tokens
          .filter((t) => t.userId === holder.id)
          .map((t) => t.clientId)
          .sort(),
      );
      expect(body.items[0].userKey).toBe(holder.id);
      const none = state.users.find((u) => !state.tokens.some((t) => t.userId === u.id))!;
      const empty = await get(`admin/directory/v1/users/${none.id}/tokens`, security);
      expect(Object.keys(empty.body).sort()).toEqual(['etag', 'kind']);
      expect(validateDiscovery(directory, 'Tokens', empty.body)).toEqual([]);
      const trimmed = await get(`admin/directory/v1/users/${holder.id}/tokens?fields=items(clientId,scopes)`, security);
      expect(Object.keys(trimmed.body.items[0]).sort()).toEqual(['clientId', 'scopes']);
      expect((await get(`admin/directory/v1/users/nobody@${state.domain}/tokens`, security)).body.error.code).toBe(404);
      expect((await get(`admin/directory/v1/users/${holder.id}/tokens`)).body.error.errors[0].reason).toBe(
        'insufficientPermissions',
      );
    });

    it.each([['admin'], ['token']])('activities of %s are Activities on every page', async (app) => {
      const pages = await allPages(`admin/reports/v1/activity/users/all/applications/${app}`);
      expect(pages.length).toBeGreaterThan(1);
      for (const p of pages) expect(validateDiscovery(reports, 'Activities', p)).toEqual([]);
    });

    it('the validator rejects unknown properties and wrong types', () => {
      expect(
        validateDiscovery(directory, 'Users', {
          users: [{ primaryEmail: 5, isEnrolledIn2SV: true, name: { fullName: 'A', nick: 'a' } }],
        }),
      ).toEqual([
        'Users.users[0].primaryEmail: expected a string',
        'Users.users[0].isEnrolledIn2SV: not a property of the schema',
        'Users.users[0].name.nick: not a property of the schema',
      ]);
      expect(
        validateDiscovery(directory, 'RoleAssignments', { items: [{ assigneeType: 'robot', roleId: 'x1' }] }),
      ).toEqual([
        'RoleAssignments.items[0].assigneeType: robot is not one of user, group',
        'RoleAssignments.items[0].roleId: expected an int64 string',
      ]);
      expect(validateDiscovery(reports, 'Activities', { items: [{ id: { time: 'yesterday' }, events: {} }] })).toEqual([
        'Activities.items[0].id.time: expected a date-time',
        'Activities.items[0].events: expected an array',
      ]);
    });
  });

  describe('paging, fields and empty lists as Google does them', () => {
    it('walks every user exactly once through opaque page tokens', async () => {
      const pages = await allPages('admin/directory/v1/users?customer=my_customer&maxResults=500');
      expect(pages).toHaveLength(Math.ceil(state.users.length / 7));
      expect(pages.flatMap((p) => p.users.map((u: { id: string }) => u.id))).toEqual(state.users.map((u) => u.id));
      expect((await get('admin/directory/v1/users?customer=my_customer&pageToken=bm9wZQ')).status).toBe(400);
      expect((await get('admin/directory/v1/users?customer=my_customer&maxResults=501')).status).toBe(400);
    });

    it('returns only the selected fields', async () => {
      const { body } = await get(
        'admin/directory/v1/users?customer=my_customer&fields=nextPageToken,users(id,name/fullName,isEnrolledIn2Sv)',
      );
      expect(Object.keys(body).sort()).toEqual(['nextPageToken', 'users']);
      expect(Object.keys(body.users[0]).sort()).toEqual(['id', 'isEnrolledIn2Sv', 'name']);
      expect(Object.keys(body.users[0].name)).toEqual(['fullName']);
      expect((await get('admin/directory/v1/users?customer=my_customer&fields=users(id')).status).toBe(400);
    });

    it('omits the list key of an empty list', async () => {
      const empty = state.groups.find((g) => g.members.length === 0)!;
      const { status, body } = await get(`admin/directory/v1/groups/${empty.id}/members`);
      expect(status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(['etag', 'kind']);
      const none = await get(`admin/reports/v1/activity/users/all/applications/admin?eventName=NO_SUCH_EVENT`);
      expect(none.body).not.toHaveProperty('items');
    });

    it('filters activities by event name and start time, newest first', async () => {
      const since = new Date(NOW.getTime() - 30 * 86_400_000).toISOString();
      const pages = await allPages(
        `admin/reports/v1/activity/users/all/applications/token?eventName=authorize&startTime=${since}`,
      );
      const items = pages.flatMap((p) => p.items ?? []);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((a: any) => a.events[0].name === 'authorize' && a.id.time >= since)).toBe(true);
      expect(items.map((a: any) => a.id.time)).toEqual([...items.map((a: any) => a.id.time)].sort().reverse());
    });
  });

  describe('the token endpoint and delegation', () => {
    it('refuses an assertion not signed by the service account key', async () => {
      expect(
        await tokenResponse(sim.tokenUrl, assertion(sim.serviceAccountKeyJson, { sub: sim.subject }, true)),
      ).toEqual({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
      });
    });

    it('answers 401 unauthorized_client for a scope the admin did not delegate', async () => {
      const jwt = assertion(sim.serviceAccountKeyJson, {
        sub: sim.subject,
        scope: 'https://www.googleapis.com/auth/admin.directory.user',
      });
      expect(await tokenResponse(sim.tokenUrl, jwt)).toMatchObject({
        status: 401,
        body: { error: 'unauthorized_client' },
      });
    });

    it('refuses expired assertions and unknown subjects', async () => {
      const old = Math.floor(Date.now() / 1000) - 7200;
      expect(
        (
          await tokenResponse(
            sim.tokenUrl,
            assertion(sim.serviceAccountKeyJson, { sub: sim.subject, iat: old, exp: old + 3600 }),
          )
        ).status,
      ).toBe(400);
      expect(
        await tokenResponse(sim.tokenUrl, assertion(sim.serviceAccountKeyJson, { sub: `nobody@${state.domain}` })),
      ).toEqual({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Invalid email or User ID' },
      });
    });

    it('issues a token without a subject, which the Admin SDK then refuses with 403', async () => {
      const noSub = await accessToken(sim.tokenUrl, sim.serviceAccountKeyJson, {});
      const { status, body } = await get('admin/directory/v1/users?customer=my_customer', noSub);
      expect(status).toBe(403);
      expect(body.error.errors[0].reason).toBe('forbidden');
    });

    it('answers 403 insufficientPermissions for a method outside the token scopes, 401 for an unknown token', async () => {
      const usersOnly = await accessToken(sim.tokenUrl, sim.serviceAccountKeyJson, {
        sub: sim.subject,
        scope: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
      });
      expect((await get('admin/directory/v1/customer/my_customer/roles', usersOnly)).body.error.errors[0].reason).toBe(
        'insufficientPermissions',
      );
      expect((await get('admin/directory/v1/customer/my_customer/roles', 'simtok.forged')).status).toBe(401);
    });
  });
});

import type { Route, SimRequest, SimResponse } from '../http/route.js';
import { parseFields, selectFields } from './google-fields.js';
import { googleApiError, type SimGoogleOAuth } from './google-oauth.js';
import {
  activityResource,
  etag,
  memberResource,
  roleAssignmentResource,
  roleResource,
  tokenResource,
  userResource,
} from './google-resources.js';
import { findGroup, findUser, groupMembers, type GoogleState, type SimGoogleUser } from './google-state.js';

export const GOOGLE_ROUTES = {
  token: 'oauth2.token',
  users: 'directory.users.list',
  roles: 'directory.roles.list',
  roleAssignments: 'directory.roleAssignments.list',
  members: 'directory.members.list',
  tokens: 'directory.tokens.list',
  activities: 'reports.activities.list',
} as const;

const SCOPE = {
  user: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  member: 'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
  role: 'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  audit: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  security: 'https://www.googleapis.com/auth/admin.directory.user.security',
};
const APPLICATIONS = [
  'access_transparency',
  'admin',
  'calendar',
  'chat',
  'drive',
  'gcp',
  'groups',
  'login',
  'meet',
  'mobile',
  'rules',
  'saml',
  'token',
  'user_accounts',
];

export interface GoogleRouteOptions {
  /** Largest page the sim answers whatever maxResults asks (Google may return fewer than asked); 0: no cap. */
  pageCap: number;
}

const badRequest = (message: string, reason = 'invalid') => googleApiError(400, message, reason);

/**
 * One page of `items`: `maxResults` (1..max, default `byDefault`) capped by `pageCap`, an opaque `pageToken`, and
 * `listKey` left out when the page is empty, as Google does. `fields` applies to the whole envelope.
 */
function page<T>(
  req: SimRequest,
  opts: GoogleRouteOptions,
  kind: string,
  listKey: string,
  items: readonly T[],
  render: (t: T) => unknown,
  max: number,
  byDefault: number,
): SimResponse {
  const raw = req.query.get('maxResults');
  const asked = raw === null ? byDefault : Number(raw);
  if (!Number.isInteger(asked) || asked < 1 || asked > max)
    return badRequest(`Invalid value '${raw}'. Values must be within the range: [1, ${max}]`);
  const size = opts.pageCap > 0 ? Math.min(asked, opts.pageCap) : asked;
  const token = req.query.get('pageToken');
  let offset = 0;
  if (token) {
    const m = /^([a-zA-Z.#]+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m || m[1] !== kind || Number(m[2]) > items.length) return badRequest('Invalid page token', 'invalid');
    offset = Number(m[2]);
  }
  const slice = items.slice(offset, offset + size).map(render);
  const next = offset + size < items.length ? Buffer.from(`${kind}:${offset + size}`).toString('base64url') : undefined;
  const body: Record<string, unknown> = { kind: `admin#${kind}`, etag: etag([kind, offset, slice.length]) };
  if (slice.length > 0) body[listKey] = slice;
  if (next) body.nextPageToken = next;
  const fields = req.query.get('fields');
  if (!fields) return { status: 200, json: body };
  try {
    return { status: 200, json: selectFields(body, parseFields(fields)) };
  } catch {
    return badRequest(`Invalid field selection ${fields}`, 'invalidParameter');
  }
}

const customerOk = (state: GoogleState, customer: string | undefined) =>
  customer === 'my_customer' || customer === state.customerId;

/** Routes imitating the Admin SDK Directory and Reports APIs and Google's token endpoint. Each reads `state` live. */
export function googleRoutes(state: GoogleState, oauth: SimGoogleOAuth, opts: GoogleRouteOptions): Route[] {
  return [
    { id: GOOGLE_ROUTES.token, method: 'POST', pattern: '/token', handle: (req) => oauth.token(req) },
    {
      id: GOOGLE_ROUTES.users,
      method: 'GET',
      pattern: '/admin/directory/v1/users',
      handle(req) {
        const refused = oauth.refuse(req, SCOPE.user);
        if (refused) return refused;
        const customer = req.query.get('customer') ?? undefined;
        const domain = req.query.get('domain') ?? undefined;
        if (customer === undefined && domain === undefined) return badRequest('Bad Request', 'badRequest');
        if (customer !== undefined && !customerOk(state, customer)) return badRequest('Bad Request', 'badRequest');
        if (domain !== undefined && domain !== state.domain)
          return googleApiError(403, 'Not Authorized to access this resource/api', 'forbidden');
        const full = ['full', 'custom'].includes(req.query.get('projection') ?? 'basic');
        const resource = (u: SimGoogleUser) =>
          full && u.customSchemas
            ? { ...userResource(state, u), customSchemas: u.customSchemas }
            : userResource(state, u);
        return page(req, opts, 'directory#users', 'users', state.users, resource, 500, 100);
      },
    },
    {
      id: GOOGLE_ROUTES.roles,
      method: 'GET',
      pattern: '/admin/directory/v1/customer/{customer}/roles',
      handle(req) {
        const refused = oauth.refuse(req, SCOPE.role);
        if (refused) return refused;
        if (!customerOk(state, req.params.customer)) return badRequest('Bad Request', 'badRequest');
        return page(req, opts, 'directory#roles', 'items', state.roles, roleResource, 100, 100);
      },
    },
    {
      id: GOOGLE_ROUTES.roleAssignments,
      method: 'GET',
      pattern: '/admin/directory/v1/customer/{customer}/roleassignments',
      handle(req) {
        const refused = oauth.refuse(req, SCOPE.role);
        if (refused) return refused;
        if (!customerOk(state, req.params.customer)) return badRequest('Bad Request', 'badRequest');
        const roleId = req.query.get('roleId');
        const items = state.roleAssignments.filter((a) => roleId === null || a.roleId === roleId);
        return page(req, opts, 'directory#roleAssignments', 'items', items, roleAssignmentResource, 200, 100);
      },
    },
    {
      id: GOOGLE_ROUTES.members,
      method: 'GET',
      pattern: '/admin/directory/v1/groups/{groupKey}/members',
      handle(req) {
        const refused = oauth.refuse(req, SCOPE.member);
        if (refused) return refused;
        const group = findGroup(state, req.params.groupKey!);
        if (!group) return googleApiError(404, 'Resource Not Found: groupKey', 'notFound');
        const members = groupMembers(state, group, req.query.get('includeDerivedMembership') === 'true');
        return page(req, opts, 'directory#members', 'members', members, (m) => memberResource(state, m), 200, 200);
      },
    },
    {
      // No paging: every token of the user in one answer, `items` left out when there is none.
      id: GOOGLE_ROUTES.tokens,
      method: 'GET',
      pattern: '/admin/directory/v1/users/{userKey}/tokens',
      handle(req) {
        const refused = oauth.refuse(req, SCOPE.security);
        if (refused) return refused;
        const user = findUser(state, req.params.userKey!);
        if (!user) return googleApiError(404, 'Resource Not Found: userKey', 'notFound');
        const items = state.tokens.filter((t) => t.userId === user.id).map(tokenResource);
        const body: Record<string, unknown> = { kind: 'admin#directory#tokenList', etag: etag(items) };
        if (items.length > 0) body.items = items;
        const fields = req.query.get('fields');
        if (!fields) return { status: 200, json: body };
        try {
          return { status: 200, json: selectFields(body, parseFields(fields)) };
        } catch {
          return badRequest(`Invalid field selection ${fields}`, 'invalidParameter');
        }
      },
    },
    {
      id: GOOGLE_ROUTES.activities,
      method: 'GET',
      pattern: '/admin/reports/v1/activity/users/{userKey}/applications/{applicationName}',
      handle(req) {
        const refused = oauth.refuse(req, SCOPE.audit);
        if (refused) return refused;
        const app = req.params.applicationName!;
        if (!APPLICATIONS.includes(app))
          return badRequest(
            `Invalid value '${app}'. Values must match the following regular expression: '(admin)|(calendar)|…'`,
          );
        const userKey = req.params.userKey!;
        const user = userKey === 'all' ? undefined : findUser(state, userKey);
        if (userKey !== 'all' && !user) return badRequest('Bad Request. User not found', 'badRequest');
        const start = req.query.get('startTime');
        const end = req.query.get('endTime');
        if ((start && Number.isNaN(Date.parse(start))) || (end && Number.isNaN(Date.parse(end))))
          return badRequest('Invalid value for startTime/endTime');
        const eventName = req.query.get('eventName');
        const from = start ? new Date(start).toISOString() : undefined;
        const to = end ? new Date(end).toISOString() : undefined;
        const items = state.activities.filter(
          (a) =>
            a.applicationName === app &&
            (!user || a.actorEmail === user.primaryEmail) &&
            (!eventName || a.event.name === eventName) &&
            (!from || a.time >= from) &&
            (!to || a.time <= to),
        );
        return page(req, opts, 'reports#activities', 'items', items, (a) => activityResource(state, a), 1000, 1000);
      },
    },
  ];
}

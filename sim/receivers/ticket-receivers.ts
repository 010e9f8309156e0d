import type { ReceiverRoute } from './receiver-route.js';
import type { Received, ReceiverState, SimTicket } from './receiver-state.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Atlassian Document Format, the part Jira needs: `{ type: doc, version: 1, content: [...] }`. */
function adfProblems(v: unknown, where: string): string[] {
  if (!obj(v) || v.type !== 'doc' || v.version !== 1 || !Array.isArray(v.content))
    return [`${where}: expected an Atlassian Document Format document (type doc, version 1, content)`];
  return v.content.every((n) => obj(n) && typeof n.type === 'string')
    ? []
    : [`${where}: a content node without a type`];
}
const adfText = (v: unknown): string =>
  obj(v) && Array.isArray(v.content)
    ? v.content
        .map((p) =>
          obj(p) && Array.isArray(p.content)
            ? p.content.map((t) => (obj(t) ? (typeof t.text === 'string' ? t.text : '') : '')).join('')
            : '',
        )
        .join('\n')
    : '';

export interface TicketReceiverOptions {
  jira: { email: string; apiToken: string; projectKey: string };
  github: { token: string; repository: string };
}

const TRANSITIONS = [
  { id: '11', name: 'To Do', to: { statusCategory: { key: 'new' } } },
  { id: '21', name: 'In Progress', to: { statusCategory: { key: 'indeterminate' } } },
  { id: '31', name: 'Done', to: { statusCategory: { key: 'done' } } },
];

/** Jira Cloud REST v3, the issue endpoints assay calls, with Jira's field checks. */
export function jiraRoutes(
  state: ReceiverState,
  o: TicketReceiverOptions['jira'],
  baseUrl: () => string,
): ReceiverRoute[] {
  const tickets = state.tickets.jira;
  const authed = (h: string | undefined, r: Received) => {
    const ok = h === `Basic ${Buffer.from(`${o.email}:${o.apiToken}`).toString('base64')}`;
    if (!ok) r.problems.push('bad basic auth');
    return ok;
  };
  const find = (key: string) => tickets.find((t) => t.key === key);
  const view = (t: SimTicket) => ({
    id: t.id,
    key: t.key,
    self: `${baseUrl()}/jira/rest/api/3/issue/${t.id}`,
    fields: { status: { statusCategory: { key: t.state === 'closed' ? 'done' : 'new' } } },
  });
  const unauthorized = { status: 401, json: { errorMessages: ['You are not authenticated.'] } };
  const notFound = {
    status: 404,
    json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] },
  };
  return [
    {
      id: 'jira search',
      receiver: 'jira',
      method: 'GET',
      pattern: '/jira/rest/api/3/search/jql',
      handle: (req, r) => {
        if (!authed(req.headers.authorization, r)) return unauthorized;
        const jql = req.query.get('jql') ?? '';
        const label = /labels\s*=\s*"([^"]+)"/.exec(jql)?.[1];
        const project = /project\s*=\s*"([^"]+)"/.exec(jql)?.[1];
        if (!label || project !== o.projectKey) r.problems.push(`unexpected JQL: ${jql}`);
        return {
          status: 200,
          json: { issues: tickets.filter((t) => label && t.labels.includes(label)).map(view), isLast: true },
        };
      },
    },
    {
      // Matches the query against display names and emails by prefix; hides emails profile visibility hides.
      id: 'jira user search',
      receiver: 'jira',
      method: 'GET',
      pattern: '/jira/rest/api/3/user/search',
      handle: (req, r) => {
        if (!authed(req.headers.authorization, r)) return unauthorized;
        const query = (req.query.get('query') ?? '').toLowerCase();
        if (!query && !req.query.get('accountId')) {
          r.problems.push('user search without query or accountId');
          return {
            status: 400,
            json: { errorMessages: ['One of the query parameters query or accountId is required.'] },
          };
        }
        state.userLookups.push(`jira ${query}`);
        const max = Number(req.query.get('maxResults') ?? 50);
        return {
          status: 200,
          json: state.users
            .filter((u) => u.email.toLowerCase().startsWith(query) || u.name.toLowerCase().startsWith(query))
            .slice(0, max)
            .map((u) => ({
              self: `${baseUrl()}/jira/rest/api/3/user?accountId=${u.jiraAccountId}`,
              accountId: u.jiraAccountId,
              accountType: 'atlassian',
              ...(u.jiraHidesEmail ? {} : { emailAddress: u.email }),
              displayName: u.name,
              active: u.active,
            })),
        };
      },
    },
    {
      id: 'jira create issue',
      receiver: 'jira',
      method: 'POST',
      pattern: '/jira/rest/api/3/issue',
      handle: (req, r) => {
        if (!authed(req.headers.authorization, r)) return unauthorized;
        const f = obj(r.body) && obj(r.body.fields) ? r.body.fields : {};
        const errors: Record<string, string> = {};
        if (!obj(f.project) || f.project.key !== o.projectKey) errors.project = 'project is required';
        if (!obj(f.issuetype) || !['Task', 'Bug'].includes(String(f.issuetype.name)))
          errors.issuetype = 'valid issue type is required';
        if (typeof f.summary !== 'string' || f.summary.length === 0 || f.summary.length > 255)
          errors.summary = 'Summary must be 1 to 255 characters.';
        const adf = adfProblems(f.description, 'description');
        if (adf.length) errors.description = adf[0]!;
        const labels = Array.isArray(f.labels) ? f.labels : [];
        if (!labels.every((l) => typeof l === 'string' && !/\s/.test(l)))
          errors.labels = 'Labels cannot contain spaces.';
        const assignee = obj(f.assignee) ? f.assignee.accountId : undefined;
        if (f.assignee !== undefined && !state.users.some((u) => u.jiraAccountId === assignee && u.active))
          errors.assignee = `User '${String(assignee)}' cannot be assigned issues.`;
        r.problems.push(...Object.entries(errors).map(([k, v]) => `${k}: ${v}`));
        if (r.problems.length) return { status: 400, json: { errorMessages: [], errors } };
        const n = tickets.length + 1;
        const t: SimTicket = {
          id: String(10000 + n),
          key: `${o.projectKey}-${n}`,
          title: String(f.summary),
          description: adfText(f.description),
          labels: labels as string[],
          state: 'open',
          comments: [],
          ...(typeof assignee === 'string' ? { assignee } : {}),
        };
        tickets.push(t);
        return { status: 201, json: { id: t.id, key: t.key, self: view(t).self } };
      },
    },
    {
      id: 'jira comment',
      receiver: 'jira',
      method: 'POST',
      pattern: '/jira/rest/api/3/issue/{key}/comment',
      handle: (req, r) => {
        if (!authed(req.headers.authorization, r)) return unauthorized;
        const t = find(req.params.key!);
        if (!t) return notFound;
        const body = obj(r.body) ? r.body.body : undefined;
        r.problems.push(...adfProblems(body, 'body'));
        if (r.problems.length) return { status: 400, json: { errorMessages: r.problems } };
        t.comments.push(adfText(body));
        return { status: 201, json: { id: String(t.comments.length) } };
      },
    },
    {
      id: 'jira transitions',
      receiver: 'jira',
      method: 'GET',
      pattern: '/jira/rest/api/3/issue/{key}/transitions',
      handle: (req, r) =>
        !authed(req.headers.authorization, r)
          ? unauthorized
          : find(req.params.key!)
            ? { status: 200, json: { transitions: TRANSITIONS } }
            : notFound,
    },
    {
      id: 'jira do transition',
      receiver: 'jira',
      method: 'POST',
      pattern: '/jira/rest/api/3/issue/{key}/transitions',
      handle: (req, r) => {
        if (!authed(req.headers.authorization, r)) return unauthorized;
        const t = find(req.params.key!);
        if (!t) return notFound;
        const id = obj(r.body) && obj(r.body.transition) ? r.body.transition.id : undefined;
        const to = TRANSITIONS.find((x) => x.id === id);
        if (!to) {
          r.problems.push(`no transition ${String(id)}`);
          return { status: 400, json: { errorMessages: ['Transition id is not valid for this issue.'] } };
        }
        t.state = to.to.statusCategory.key === 'done' ? 'closed' : 'open';
        return { status: 204, text: '' };
      },
    },
  ];
}

/** GitHub Issues REST, the endpoints assay calls. */
export function githubIssueRoutes(
  state: ReceiverState,
  o: TicketReceiverOptions['github'],
  baseUrl: () => string,
): ReceiverRoute[] {
  const tickets = state.tickets.github;
  const [owner, repo] = o.repository.split('/');
  const ok = (req: { headers: Record<string, unknown>; params: Record<string, string> }, r: Received) => {
    const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    if (auth !== `token ${o.token}` && auth !== `Bearer ${o.token}`) r.problems.push('bad token');
    else if (req.params.owner !== owner || req.params.repo !== repo) r.problems.push('unknown repository');
    return r.problems.length === 0;
  };
  const view = (t: SimTicket) => ({
    number: Number(t.id),
    html_url: `${baseUrl()}/github/${o.repository}/issues/${t.id}`,
    title: t.title,
    body: t.description,
    state: t.state,
    labels: t.labels.map((name) => ({ name })),
  });
  const nf = { status: 404, json: { message: 'Not Found' } };
  const issue = (id: string | undefined) => tickets.find((t) => t.id === id);
  return [
    {
      id: 'github list issues',
      receiver: 'github-issues',
      method: 'GET',
      pattern: '/github/repos/{owner}/{repo}/issues',
      handle: (req, r) => {
        if (!ok(req, r)) return nf;
        const labels = (req.query.get('labels') ?? '').split(',').filter(Boolean);
        const st = req.query.get('state') ?? 'open';
        const list = tickets.filter(
          (t) => labels.every((l) => t.labels.includes(l)) && (st === 'all' || t.state === st),
        );
        return { status: 200, json: list.slice(0, Number(req.query.get('per_page') ?? 30)).map(view) };
      },
    },
    {
      id: 'github create issue',
      receiver: 'github-issues',
      method: 'POST',
      pattern: '/github/repos/{owner}/{repo}/issues',
      handle: (req, r) => {
        if (!ok(req, r)) return nf;
        const b = obj(r.body) ? r.body : {};
        if (typeof b.title !== 'string' || b.title === '') r.problems.push('title is required');
        const labels = Array.isArray(b.labels) ? b.labels : [];
        if (!labels.every((l) => typeof l === 'string' && l.length <= 50))
          r.problems.push('labels are names of at most 50 characters');
        if (r.problems.length) return { status: 422, json: { message: 'Validation Failed', errors: r.problems } };
        const t: SimTicket = {
          id: String(tickets.length + 1),
          key: `#${tickets.length + 1}`,
          title: String(b.title),
          description: typeof b.body === 'string' ? b.body : '',
          labels: labels as string[],
          state: 'open',
          comments: [],
          ...(Array.isArray(b.assignees) && b.assignees[0] ? { assignee: String(b.assignees[0]) } : {}),
        };
        tickets.push(t);
        return { status: 201, json: view(t) };
      },
    },
    {
      id: 'github comment',
      receiver: 'github-issues',
      method: 'POST',
      pattern: '/github/repos/{owner}/{repo}/issues/{number}/comments',
      handle: (req, r) => {
        const t = ok(req, r) ? issue(req.params.number) : undefined;
        if (!t) return nf;
        t.comments.push(String(obj(r.body) ? r.body.body : ''));
        return { status: 201, json: { id: t.comments.length } };
      },
    },
    {
      id: 'github update issue',
      receiver: 'github-issues',
      method: 'PATCH',
      pattern: '/github/repos/{owner}/{repo}/issues/{number}',
      handle: (req, r) => {
        const t = ok(req, r) ? issue(req.params.number) : undefined;
        if (!t) return nf;
        const st = obj(r.body) ? r.body.state : undefined;
        if (st === 'open' || st === 'closed') t.state = st;
        return { status: 200, json: view(t) };
      },
    },
  ];
}

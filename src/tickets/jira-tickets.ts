import type { TicketsConfig } from '../model/config/tickets-config.js';
import { JsonCaller, TicketCallError, type TicketDraft, type TicketRef, type TicketSystem } from './ticket-system.js';

type JiraConfig = NonNullable<TicketsConfig['jira']>;
interface JiraIssue {
  key: string;
  fields?: { status?: { statusCategory?: { key?: string } } };
}

/** Jira descriptions and comments are Atlassian Document Format: one paragraph per line. */
export const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
});

/** Jira labels cannot hold spaces. */
export const jiraLabel = (l: string): string => l.replace(/\s+/g, '-');

/**
 * Jira Cloud REST v3 with an API token (basic auth, email:token). Found again by the marker label through JQL
 * (`/rest/api/3/search/jql`); closed and reopened by the workflow's transitions, named in the config.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 */
export class JiraTickets implements TicketSystem {
  readonly id = 'jira';
  private readonly auth: string;

  constructor(
    private readonly cfg: JiraConfig,
    apiToken: string,
    private readonly http: JsonCaller,
  ) {
    this.auth = `Basic ${Buffer.from(`${cfg.email}:${apiToken}`).toString('base64')}`;
  }

  attempts(): number {
    return this.http.attempts();
  }

  private url(path: string): string {
    return `${this.cfg.baseUrl.replace(/\/+$/, '')}/rest/api/3${path}`;
  }

  private req<T>(operation: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    return this.http.call<T>(`jira ${operation}`, {
      url: this.url(path),
      method,
      headers: { authorization: this.auth },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  private ref(i: JiraIssue): TicketRef {
    return {
      id: i.key,
      url: `${this.cfg.baseUrl.replace(/\/+$/, '')}/browse/${i.key}`,
      state: i.fields?.status?.statusCategory?.key === 'done' ? 'closed' : 'open',
    };
  }

  async find(marker: string): Promise<TicketRef | undefined> {
    const jql = `project = "${this.cfg.projectKey}" AND labels = "${marker}" ORDER BY created ASC`;
    const r = await this.req<{ issues: JiraIssue[] }>(
      'search',
      'GET',
      `/search/jql?jql=${encodeURIComponent(jql)}&fields=status&maxResults=1`,
    );
    const i = r.issues[0];
    return i ? this.ref(i) : undefined;
  }

  /**
   * An accountId by email: user search matches the query against display names and email addresses by prefix, and
   * shows an email only where the user's profile visibility allows; so an exact email wins, else a single active
   * human account, else nobody (never a guess between several).
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-search-get
   */
  async findUser(email: string): Promise<string | undefined> {
    const users = await this.req<
      Array<{ accountId: string; accountType?: string; active?: boolean; emailAddress?: string }>
    >('user search', 'GET', `/user/search?query=${encodeURIComponent(email)}&maxResults=10`);
    const people = users.filter((u) => u.accountType === 'atlassian' && u.active !== false);
    const exact = people.find((u) => u.emailAddress?.toLowerCase() === email.toLowerCase());
    if (exact) return exact.accountId;
    const hidden = people.filter((u) => u.emailAddress === undefined);
    return hidden.length === 1 && people.length === 1 ? hidden[0]!.accountId : undefined;
  }

  async create(t: TicketDraft): Promise<TicketRef> {
    const r = await this.req<{ key: string }>('create issue', 'POST', '/issue', {
      fields: {
        project: { key: this.cfg.projectKey },
        issuetype: { name: this.cfg.issueType },
        summary: t.title.slice(0, 255),
        description: adf(t.body),
        labels: [...new Set([...t.labels.map(jiraLabel), t.marker])],
        ...(t.assignee ? { assignee: { accountId: t.assignee } } : {}),
      },
    });
    return this.ref({ key: r.key });
  }

  async comment(t: TicketRef, text: string): Promise<void> {
    await this.req('add comment', 'POST', `/issue/${encodeURIComponent(t.id)}/comment`, { body: adf(text) });
  }

  private async transition(t: TicketRef, name: string, comment: string, state: TicketRef['state']): Promise<TicketRef> {
    await this.comment(t, comment);
    const path = `/issue/${encodeURIComponent(t.id)}/transitions`;
    const { transitions } = await this.req<{ transitions: Array<{ id: string; name: string }> }>(
      'transitions',
      'GET',
      path,
    );
    const to = transitions.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!to)
      throw new TicketCallError(
        `jira: issue ${t.id} has no transition '${name}' (it offers ${transitions.map((x) => `'${x.name}'`).join(', ') || 'none'})`,
      );
    await this.req('transition', 'POST', path, { transition: { id: to.id } });
    return { ...t, state };
  }

  close(t: TicketRef, comment: string): Promise<TicketRef> {
    return this.transition(t, this.cfg.doneTransition, comment, 'closed');
  }

  reopen(t: TicketRef, comment: string): Promise<TicketRef> {
    return this.transition(t, this.cfg.reopenTransition, comment, 'open');
  }
}

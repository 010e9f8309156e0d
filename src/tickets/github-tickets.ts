import { Octokit } from '@octokit/rest';
import type { TicketsConfig } from '../model/config/tickets-config.js';
import { describeBody, sendWithRetry, type SendOptions } from '../alerts/http-send.js';
import { TicketCallError, type TicketDraft, type TicketRef, type TicketSystem } from './ticket-system.js';

type GithubConfig = NonNullable<TicketsConfig['github']>;
interface Issue {
  number: number;
  html_url: string;
  state: string;
}

const ref = (i: Issue): TicketRef => ({
  id: String(i.number),
  url: i.html_url,
  state: i.state === 'closed' ? 'closed' : 'open',
});

/** Octokit's requests through the alerts' retry rules (timeouts, Retry-After, the run's budget), counting attempts. */
function retryingFetch(o: SendOptions, count: (n: number) => void): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const r = await sendWithRetry(
      {
        url,
        method: (init?.method ?? 'GET') as 'GET',
        headers,
        ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      },
      o,
    );
    count(r.attempts);
    if (r.status === undefined) throw new TypeError(r.error ?? 'fetch failed');
    const empty = r.status === 204 || r.status === 304;
    return new Response(empty ? null : (r.body ?? ''), {
      status: r.status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  };
}

/**
 * GitHub Issues through Octokit (a token with Issues: write on the repository). Found again by the marker label;
 * closing sets `state_reason: completed`. https://docs.github.com/rest/issues/issues
 */
export class GithubTickets implements TicketSystem {
  readonly id = 'github';
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private count = 0;

  constructor(cfg: GithubConfig, token: string, options: SendOptions) {
    [this.owner, this.repo] = cfg.repository.split('/') as [string, string];
    this.octokit = new Octokit({
      auth: token,
      baseUrl: cfg.baseUrl.replace(/\/+$/, ''),
      userAgent: 'assay',
      request: { fetch: retryingFetch(options, (n) => (this.count += n)) },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
  }

  attempts(): number {
    return this.count;
  }

  private async call<T>(operation: string, fn: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await fn()).data;
    } catch (err) {
      const status = (err as { status?: number }).status;
      throw new TicketCallError(
        `github ${operation}: ${describeBody(err instanceof Error ? err.message : String(err))}`,
        typeof status === 'number' ? status : undefined,
        { cause: err },
      );
    }
  }

  async find(marker: string): Promise<TicketRef | undefined> {
    const issues = await this.call('list issues', () =>
      this.octokit.rest.issues.listForRepo({
        owner: this.owner,
        repo: this.repo,
        labels: marker,
        state: 'all',
        per_page: 1,
      }),
    );
    const i = issues[0];
    return i ? ref(i) : undefined;
  }

  async create(t: TicketDraft): Promise<TicketRef> {
    const i = await this.call('create issue', () =>
      this.octokit.rest.issues.create({
        owner: this.owner,
        repo: this.repo,
        title: t.title,
        body: `${t.body}\n\n<!-- assay-key: ${t.marker} -->`,
        labels: [...new Set([...t.labels, t.marker])],
        ...(t.assignee ? { assignees: [t.assignee] } : {}),
      }),
    );
    return ref(i);
  }

  async comment(t: TicketRef, body: string): Promise<void> {
    await this.call('comment', () =>
      this.octokit.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: Number(t.id), body }),
    );
  }

  private async setState(t: TicketRef, state: 'open' | 'closed', comment: string): Promise<TicketRef> {
    await this.comment(t, comment);
    const i = await this.call(state === 'closed' ? 'close issue' : 'reopen issue', () =>
      this.octokit.rest.issues.update({
        owner: this.owner,
        repo: this.repo,
        issue_number: Number(t.id),
        state,
        ...(state === 'closed' ? { state_reason: 'completed' as const } : {}),
      }),
    );
    return ref(i);
  }

  close(t: TicketRef, comment: string): Promise<TicketRef> {
    return this.setState(t, 'closed', comment);
  }

  reopen(t: TicketRef, comment: string): Promise<TicketRef> {
    return this.setState(t, 'open', comment);
  }
}

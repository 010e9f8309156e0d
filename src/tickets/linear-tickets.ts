import type { TicketsConfig } from '../model/config/tickets-config.js';
import { describeBody } from '../alerts/http-send.js';
import { JsonCaller, TicketCallError, type TicketDraft, type TicketRef, type TicketSystem } from './ticket-system.js';

type LinearConfig = NonNullable<TicketsConfig['linear']>;
interface IssueNode {
  id: string;
  identifier: string;
  url: string;
  state: { type: string };
}

const ISSUE_FIELDS = 'id identifier url state { type }';
/** The operations assay sends, exported so the simulator's receiver is tested against the same text. */
export const LINEAR_DOCUMENTS = {
  find: `query AssayFind($marker: String!) { issues(filter: { description: { contains: $marker } }, first: 1, includeArchived: true) { nodes { ${ISSUE_FIELDS} } } }`,
  create: `mutation AssayCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } } }`,
  comment: `mutation AssayComment($input: CommentCreateInput!) { commentCreate(input: $input) { success } }`,
  states: `query AssayStates($teamId: ID!) { workflowStates(filter: { team: { id: { eq: $teamId } } }) { nodes { id name type position } } }`,
  user: `query AssayUser($email: String!) { users(filter: { email: { eq: $email } }, first: 2) { nodes { id active } } }`,
  update: `mutation AssayUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success issue { ${ISSUE_FIELDS} } } }`,
} as const;

const ref = (n: IssueNode): TicketRef => ({
  id: n.id,
  url: n.url,
  state: n.state.type === 'completed' || n.state.type === 'canceled' ? 'closed' : 'open',
});

/**
 * Linear's GraphQL API (personal API key in `Authorization`, no Bearer). A ticket is found again by its marker
 * line in the description. https://linear.app/developers/graphql
 */
export class LinearTickets implements TicketSystem {
  readonly id = 'linear';
  private states: Array<{ id: string; type: string; position: number }> | undefined;

  constructor(
    private readonly cfg: LinearConfig,
    private readonly apiKey: string,
    private readonly http: JsonCaller,
  ) {}

  attempts(): number {
    return this.http.attempts();
  }

  private async gql<T>(operation: keyof typeof LINEAR_DOCUMENTS, variables: Record<string, unknown>): Promise<T> {
    const answer = await this.http.call<{ data?: T; errors?: Array<{ message: string }> }>(`linear ${operation}`, {
      url: this.cfg.apiUrl,
      headers: { authorization: this.apiKey },
      body: JSON.stringify({ query: LINEAR_DOCUMENTS[operation], variables }),
    });
    if (answer.errors?.length || !answer.data)
      throw new TicketCallError(`linear ${operation}: ${describeBody(answer.errors?.[0]?.message ?? 'no data')}`);
    return answer.data;
  }

  async find(marker: string): Promise<TicketRef | undefined> {
    const d = await this.gql<{ issues: { nodes: IssueNode[] } }>('find', { marker });
    const n = d.issues.nodes[0];
    return n ? ref(n) : undefined;
  }

  /** A user by email for `assigneeId`; a deactivated one is none. https://linear.app/developers/filtering */
  async findUser(email: string): Promise<string | undefined> {
    const d = await this.gql<{ users: { nodes: Array<{ id: string; active: boolean }> } }>('user', { email });
    return d.users.nodes.find((u) => u.active)?.id;
  }

  async create(t: TicketDraft): Promise<TicketRef> {
    const d = await this.gql<{ issueCreate: { success: boolean; issue: IssueNode } }>('create', {
      input: {
        teamId: this.cfg.teamId,
        title: t.title,
        description: `${t.body}\n\nassay-key: ${t.marker}`,
        ...(this.cfg.labelIds.length ? { labelIds: this.cfg.labelIds } : {}),
        ...(t.assignee ? { assigneeId: t.assignee } : {}),
      },
    });
    return ref(d.issueCreate.issue);
  }

  async comment(t: TicketRef, body: string): Promise<void> {
    await this.gql('comment', { input: { issueId: t.id, body } });
  }

  private async stateOf(types: readonly string[]): Promise<string> {
    this.states ??= (
      await this.gql<{ workflowStates: { nodes: Array<{ id: string; type: string; position: number }> } }>('states', {
        teamId: this.cfg.teamId,
      })
    ).workflowStates.nodes;
    const s = this.states.filter((x) => types.includes(x.type)).sort((a, b) => a.position - b.position)[0];
    if (!s)
      throw new TicketCallError(`linear: team ${this.cfg.teamId} has no workflow state of type ${types.join(' or ')}`);
    return s.id;
  }

  private async move(t: TicketRef, types: readonly string[], comment: string): Promise<TicketRef> {
    await this.comment(t, comment);
    const d = await this.gql<{ issueUpdate: { issue: IssueNode } }>('update', {
      id: t.id,
      input: { stateId: await this.stateOf(types) },
    });
    return ref(d.issueUpdate.issue);
  }

  close(t: TicketRef, comment: string): Promise<TicketRef> {
    return this.move(t, ['completed'], comment);
  }

  reopen(t: TicketRef, comment: string): Promise<TicketRef> {
    return this.move(t, ['unstarted', 'backlog', 'triage'], comment);
  }
}

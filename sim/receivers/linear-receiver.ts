import { buildSchema, graphql } from 'graphql';
import type { ReceiverRoute } from './receiver-route.js';
import type { ReceiverState, SimTicket } from './receiver-state.js';

/**
 * The part of Linear's GraphQL schema assay uses, with Linear's names and types
 * (https://studio.apollographql.com/public/Linear-API/variant/current/schema/reference): a query that names a field
 * or argument Linear lacks, or passes a wrong type, fails validation here as it would there.
 */
export const LINEAR_SDL = `
type Query {
  issues(filter: IssueFilter, first: Int, includeArchived: Boolean): IssueConnection!
  workflowStates(filter: WorkflowStateFilter, first: Int): WorkflowStateConnection!
  users(filter: UserFilter, first: Int, includeDisabled: Boolean): UserConnection!
}
type Mutation {
  issueCreate(input: IssueCreateInput!): IssuePayload!
  issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!
  commentCreate(input: CommentCreateInput!): CommentPayload!
}
input NullableStringComparator { contains: String, eq: String, containsIgnoreCase: String }
input StringComparator { eq: String, in: [String!] }
input IDComparator { eq: ID, in: [ID!] }
input TeamFilter { id: IDComparator, key: StringComparator }
input IssueFilter { description: NullableStringComparator, title: StringComparator, team: TeamFilter }
input BooleanComparator { eq: Boolean }
input UserFilter { email: StringComparator, active: BooleanComparator, name: StringComparator }
type User { id: ID!, name: String!, email: String!, active: Boolean! }
type UserConnection { nodes: [User!]! }
input WorkflowStateFilter { team: TeamFilter, type: StringComparator, name: StringComparator }
input IssueCreateInput { teamId: String!, title: String, description: String, labelIds: [String!], assigneeId: String, priority: Int }
input IssueUpdateInput { stateId: String, title: String, description: String, assigneeId: String, labelIds: [String!] }
input CommentCreateInput { issueId: String, body: String }
type WorkflowState { id: ID!, name: String!, type: String!, position: Float! }
type WorkflowStateConnection { nodes: [WorkflowState!]! }
type Comment { id: ID!, body: String! }
type Issue { id: ID!, identifier: String!, url: String!, title: String!, description: String, state: WorkflowState!, labelIds: [String!]! }
type IssueConnection { nodes: [Issue!]! }
type IssuePayload { success: Boolean!, issue: Issue }
type CommentPayload { success: Boolean!, comment: Comment }
`;

const STATES = [
  { id: 'state-backlog', name: 'Backlog', type: 'backlog', position: 0 },
  { id: 'state-todo', name: 'Todo', type: 'unstarted', position: 1 },
  { id: 'state-progress', name: 'In Progress', type: 'started', position: 2 },
  { id: 'state-done', name: 'Done', type: 'completed', position: 3 },
  { id: 'state-canceled', name: 'Canceled', type: 'canceled', position: 4 },
];

export function linearRoutes(
  state: ReceiverState,
  opts: { apiKey: string; teamId: string; baseUrl: () => string },
): ReceiverRoute[] {
  const schema = buildSchema(LINEAR_SDL);
  const tickets = state.tickets.linear;
  const stateOf = new Map<string, (typeof STATES)[number]>();
  const view = (t: SimTicket) => ({
    id: t.id,
    identifier: t.key,
    url: `${opts.baseUrl()}/linear/issue/${t.key}`,
    title: t.title,
    description: t.description,
    labelIds: t.labels,
    state: stateOf.get(t.id) ?? STATES[1]!,
  });
  const byId = (id: string) => {
    const t = tickets.find((x) => x.id === id);
    if (!t) throw new Error(`Entity not found: Issue ${id}`);
    return t;
  };
  const root = {
    issues: (a: { filter?: { description?: { contains?: string } } }) => ({
      nodes: tickets
        .filter((t) => !a.filter?.description?.contains || t.description.includes(a.filter.description.contains))
        .map(view),
    }),
    workflowStates: () => ({ nodes: STATES }),
    // Deactivated users are left out unless asked for, as Linear does.
    users: (a: { filter?: { email?: { eq?: string } }; first?: number; includeDisabled?: boolean }) => {
      const want = a.filter?.email?.eq;
      if (want !== undefined) state.userLookups.push(`linear ${want}`);
      return {
        nodes: state.users
          .filter((u) => (a.includeDisabled || u.active) && (want === undefined || u.email === want))
          .slice(0, a.first ?? 50)
          .map((u) => ({ id: u.linearId, name: u.name, email: u.email, active: u.active })),
      };
    },
    issueCreate: ({
      input,
    }: {
      input: { teamId: string; title?: string; description?: string; labelIds?: string[]; assigneeId?: string };
    }) => {
      if (input.teamId !== opts.teamId) throw new Error(`Entity not found: Team ${input.teamId}`);
      if (input.assigneeId && !state.users.some((u) => u.linearId === input.assigneeId && u.active))
        throw new Error('Entity not found: User - Could not find referenced User.');
      const n = tickets.length + 1;
      const t: SimTicket = {
        id: `issue-${n}`,
        key: `SEC-${n}`,
        title: input.title ?? '',
        description: input.description ?? '',
        labels: input.labelIds ?? [],
        state: 'open',
        comments: [],
        ...(input.assigneeId ? { assignee: input.assigneeId } : {}),
      };
      tickets.push(t);
      return { success: true, issue: view(t) };
    },
    issueUpdate: ({ id, input }: { id: string; input: { stateId?: string } }) => {
      const t = byId(id);
      if (input.stateId) {
        const s = STATES.find((x) => x.id === input.stateId);
        if (!s) throw new Error(`Entity not found: WorkflowState ${input.stateId}`);
        stateOf.set(t.id, s);
        t.state = s.type === 'completed' || s.type === 'canceled' ? 'closed' : 'open';
      }
      return { success: true, issue: view(t) };
    },
    commentCreate: ({ input }: { input: { issueId?: string; body?: string } }) => {
      const t = byId(input.issueId ?? '');
      t.comments.push(input.body ?? '');
      return { success: true, comment: { id: `comment-${t.comments.length}`, body: input.body ?? '' } };
    },
  };
  return [
    {
      id: 'linear graphql',
      receiver: 'linear',
      method: 'POST',
      pattern: '/linear/graphql',
      handle: async (req, r) => {
        if (req.headers.authorization !== opts.apiKey) {
          r.problems.push('no valid API key in Authorization');
          return {
            status: 400,
            json: {
              errors: [
                { message: 'Authentication required, not authenticated', extensions: { code: 'AUTHENTICATION_ERROR' } },
              ],
            },
          };
        }
        const { query, variables } = r.body as { query?: string; variables?: Record<string, unknown> };
        const result = await graphql({ schema, source: query ?? '', rootValue: root, variableValues: variables ?? {} });
        if (result.errors?.length) r.problems.push(...result.errors.map((e) => e.message));
        return { status: result.errors?.some((e) => !e.path) ? 400 : 200, json: result };
      },
    },
  ];
}

import {
  buildClientSchema,
  execute,
  getNamedType,
  GraphQLError,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import type { Route, SimResponse } from '../http/route.js';
import { githubError } from './github-routes.js';
import type { GithubState } from './github-state.js';
import { githubViewer } from './github-viewer.js';
import { graphqlRoot } from './github-graphql-model.js';

export const GITHUB_GRAPHQL_ROUTE = 'POST /graphql';
const MAX_PAGE = 100;

/**
 * GitHub's published schema (@octokit/graphql-schema, the JSON introspection its own `validate` uses). A dev
 * dependency, so it is loaded only when the simulator first answers a GraphQL request.
 */
async function loadSchema(): Promise<GraphQLSchema> {
  const { schema } = await import('@octokit/graphql-schema');
  return buildClientSchema(schema.json as never);
}

const valueOf = (v: ValueNode | undefined, variables: Record<string, unknown>): unknown => {
  if (!v) return undefined;
  if (v.kind === Kind.VARIABLE) return variables[v.name.value];
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind === Kind.NULL) return null;
  return undefined;
};

/**
 * What schema validation lets through and GitHub refuses: a connection without `first`/`last`, or asking for more
 * than 100. https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#node-limit
 */
export function paginationErrors(
  schema: GraphQLSchema,
  doc: DocumentNode,
  variables: Record<string, unknown>,
): Array<{ type: string; message: string; path: string[] }> {
  const errors: Array<{ type: string; message: string; path: string[] }> = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = typeInfo.getType();
        if (!type || !getNamedType(type).name.endsWith('Connection')) return;
        const arg = (name: string) => valueOf(node.arguments?.find((a) => a.name.value === name)?.value, variables);
        const name = node.name.value;
        const first = arg('first');
        const last = arg('last');
        if (typeof first !== 'number' && typeof last !== 'number') {
          errors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            path: [name],
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
          });
        }
        for (const [key, n] of [
          ['first', first],
          ['last', last],
        ] as const) {
          if (typeof n === 'number' && n > MAX_PAGE) {
            errors.push({
              type: 'EXCESSIVE_PAGINATION',
              path: [name],
              message: `Requesting ${n} records on the \`${name}\` connection exceeds the \`${key}\` limit of ${MAX_PAGE} records.`,
            });
          }
        }
      },
    }),
  );
  return errors;
}

/** GitHub puts `type` next to `message`; graphql-js keeps it in `extensions`. */
const githubStyle = (e: GraphQLError) => {
  const json = e.toJSON();
  const type = (e.extensions as { type?: unknown } | undefined)?.type;
  return { ...(typeof type === 'string' ? { type } : {}), ...json };
};

/** `POST /graphql`: executes queries against GitHub's schema over `state`, with GitHub's pagination limits. */
export function githubGraphqlRoute(state: GithubState): Route {
  let schema: Promise<GraphQLSchema> | undefined;
  return {
    id: GITHUB_GRAPHQL_ROUTE,
    method: 'POST',
    pattern: '/graphql',
    async handle(req): Promise<SimResponse> {
      const viewer = githubViewer(state, req.headers);
      if (viewer.kind === 'bad-credentials')
        return githubError(401, 'Bad credentials', 'https://docs.github.com/graphql');
      if (viewer.kind === 'anonymous')
        return githubError(
          401,
          'This endpoint requires you to be authenticated.',
          'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        );
      let body: { query?: unknown; variables?: unknown };
      try {
        body = JSON.parse(req.body) as typeof body;
      } catch {
        return githubError(400, 'Problems parsing JSON', 'https://docs.github.com/graphql');
      }
      if (typeof body.query !== 'string')
        return {
          status: 200,
          json: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] },
        };
      const variables = (body.variables ?? {}) as Record<string, unknown>;
      const s = await (schema ??= loadSchema());
      let doc: DocumentNode;
      try {
        doc = parse(body.query);
      } catch (err) {
        return { status: 200, json: { errors: [githubStyle(err as GraphQLError)] } };
      }
      const invalid = validate(s, doc);
      if (invalid.length > 0) return { status: 200, json: { errors: invalid.map(githubStyle) } };
      const bounds = paginationErrors(s, doc, variables);
      if (bounds.length > 0) return { status: 200, json: { errors: bounds } };
      const rate = { limit: 5000, remaining: 4999, used: 1, resetAt: new Date(Date.now() + 3_600_000).toISOString() };
      const result = await execute({
        schema: s,
        document: doc,
        rootValue: graphqlRoot(state, { login: viewer.user.login }, rate),
        variableValues: variables,
      });
      return {
        status: 200,
        json: {
          ...(result.data !== undefined ? { data: result.data } : {}),
          ...(result.errors ? { errors: result.errors.map(githubStyle) } : {}),
        },
      };
    },
  };
}

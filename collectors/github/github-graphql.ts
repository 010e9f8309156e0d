import { CollectorError } from '../../src/errors.js';
import type { GithubClient } from './github-client.js';

export interface GraphqlError {
  type?: string;
  message: string;
  path?: ReadonlyArray<string | number>;
}

export interface GraphqlResult<T> {
  data: T;
  /** Errors GitHub returned next to partial data, e.g. FORBIDDEN on one repository's collaborators. */
  errors: GraphqlError[];
}

const isGraphqlResponseError = (e: unknown): e is { data?: unknown; errors: GraphqlError[] } =>
  typeof e === 'object' && e !== null && Array.isArray((e as { errors?: unknown }).errors) && 'data' in e;

/**
 * Runs one query. GitHub answers GraphQL errors with HTTP 200: a rate limit (RATE_LIMITED, already waited out by
 * plugin-throttling when allowed) or an error without data fails the operation; errors next to data are returned
 * for the caller to attribute to the parts they concern.
 * https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api
 */
export async function graphqlQuery<T>(
  gh: GithubClient,
  operation: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphqlResult<T>> {
  try {
    return { data: await gh.graphql<T>(query, variables), errors: [] };
  } catch (err) {
    if (!isGraphqlResponseError(err)) throw err;
    const { errors, data } = err;
    const limited = errors.find((e) => e.type === 'RATE_LIMITED');
    if (limited || data === null || data === undefined) {
      const first = limited ?? errors[0];
      throw new CollectorError(
        `GraphQL: ${first?.type ? `${first.type}: ` : ''}${first?.message ?? 'error without data'}`,
        operation,
        undefined,
        { cause: err },
      );
    }
    return { data: data as T, errors };
  }
}

/** Errors whose path does not start with `prefix` are not about a part the caller can mark unreadable. */
export function errorsOutside(errors: readonly GraphqlError[], prefix: ReadonlyArray<string>): GraphqlError[] {
  return errors.filter((e) => !e.path || prefix.some((p, i) => e.path![i] !== p));
}

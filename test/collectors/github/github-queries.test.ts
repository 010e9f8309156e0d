import { describe, expect, it } from 'vitest';
import { buildClientSchema, parse } from 'graphql';
import { schema, validate } from '@octokit/graphql-schema';
import { GITHUB_QUERIES } from '../../../collectors/github/github-queries.js';
import { paginationErrors } from '../../../sim/github/github-graphql-route.js';

const githubSchema = buildClientSchema(schema.json as never);

describe('the GraphQL queries the GitHub collector sends', () => {
  it.each(Object.entries(GITHUB_QUERIES))("%s is valid against GitHub's published schema", (_name, query) => {
    expect(validate(query).map(String)).toEqual([]);
  });

  it.each(Object.entries(GITHUB_QUERIES))(
    '%s bounds every connection with first ≤ 100, as GitHub requires',
    (_name, query) => {
      expect(paginationErrors(githubSchema, parse(query), {})).toEqual([]);
    },
  );

  it('the bounds check catches what schema validation lets through', () => {
    const q = parse(
      'query { organization(login: "acme") { repositories(first: 500) { nodes { name collaborators { totalCount } } } } }',
    );
    expect(
      validate(
        'query { organization(login: "acme") { repositories(first: 500) { nodes { name collaborators { totalCount } } } } }',
      ),
    ).toEqual([]);
    expect(paginationErrors(githubSchema, q, {}).map((e) => e.type)).toEqual([
      'EXCESSIVE_PAGINATION',
      'MISSING_PAGINATION_BOUNDARIES',
    ]);
  });
});

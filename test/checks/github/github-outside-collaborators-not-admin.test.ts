import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-outside-collaborators-not-admin.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const repo = (name: string, collaborators: Array<[string, string]>, extra: Record<string, unknown> = {}) => ({
  name,
  isArchived: false,
  visibility: 'PRIVATE',
  defaultBranch: null,
  outsideCollaborators: collaborators.map(([login, permission]) => ({ login, permission })),
  ...extra,
});
const outside = [
  { login: 'contractor', id: 7 },
  { login: 'vendor-bot', id: 8 },
];

describe('github-outside-collaborators-not-admin', () => {
  it('passes when no outside collaborator is admin on an active repository (archived ones are skipped)', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.outsideCollaborators': outside,
        'github.repositories': [
          repo('api', [['contractor', 'WRITE']]),
          repo('old', [['vendor-bot', 'ADMIN']], { isArchived: true }),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'None of the 2 outside collaborators of acme has admin access to an active repository.',
    ]);
  });

  it('fails once per outside collaborator with admin, listing the repositories', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.outsideCollaborators': outside,
        'github.repositories': [
          repo('web', [['contractor', 'ADMIN']]),
          repo('api', [
            ['contractor', 'ADMIN'],
            ['vendor-bot', 'ADMIN'],
          ]),
          repo('docs', [['vendor-bot', 'READ']]),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Outside collaborator contractor has admin access to 2 repositories of acme.',
      'Outside collaborator vendor-bot has admin access to repository acme/api.',
    ]);
    expect(fs[0]!.observed).toEqual({ login: 'contractor', adminOn: ['api', 'web'] });
    expect(fs[0]!.resource).toEqual({ type: 'github-user', id: 'contractor' });
  });

  it('reports an error for a repository whose collaborators GitHub refused, never a pass', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.outsideCollaborators': outside,
        'github.repositories': [repo('api', [], { unreadable: ['collaborators'] })],
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual(['GitHub refused to list the collaborators of acme/api.']);
  });

  it('is an error when the repository listing failed', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.outsideCollaborators': outside },
      missing: {
        'github.repositories': {
          kind: 'error',
          operation: 'POST /graphql organization.repositories',
          message: 'GraphQL: RATE_LIMITED: API rate limit exceeded',
        },
      },
    });
    expect(messages(fs)).toEqual([
      'Could not evaluate: POST /graphql organization.repositories failed (GraphQL: RATE_LIMITED: API rate limit exceeded).',
    ]);
  });

  it('is not applicable, never a pass, when the organization has no active repository', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.outsideCollaborators': outside,
        'github.repositories': [repo('old', [['vendor-bot', 'ADMIN']], { isArchived: true })],
      },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'acme has no active repository whose collaborators could be checked (1 archived skipped).',
    ]);
    expect(
      statuses(evaluate(check, { scope, data: { 'github.outsideCollaborators': [], 'github.repositories': [] } })),
    ).toEqual(['not_applicable']);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-org-default-permission-read.js';
import { evaluate } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const org = (extra: Record<string, unknown>) => ({ login: 'acme', id: 1, ...extra });

describe('github-org-default-permission-read', () => {
  it.each(['read', 'none'])('passes for %s', (value) => {
    const [f] = evaluate(check, { scope, data: { 'github.org': org({ default_repository_permission: value }) } });
    expect(f).toMatchObject({
      status: 'pass',
      message: `Members of acme get ${value} access to repositories by default.`,
    });
  });

  it.each(['write', 'admin'])('fails for %s', (value) => {
    const [f] = evaluate(check, { scope, data: { 'github.org': org({ default_repository_permission: value }) } });
    expect(f).toMatchObject({
      status: 'fail',
      message: `Every member of acme gets ${value} access to every repository by default.`,
      observed: { default_repository_permission: value },
    });
  });

  it('is an error when a non-owner token does not see the setting', () => {
    const [f] = evaluate(check, { scope, data: { 'github.org': org({}) } });
    expect(f).toMatchObject({
      status: 'error',
      message:
        'GET /orgs/{org} did not return default_repository_permission for acme, which GitHub shows only to organization owners.',
    });
  });

  it('is an error when GET /orgs/{org} failed', () => {
    const [f] = evaluate(check, {
      scope,
      missing: { 'github.org': { kind: 'error', operation: 'GET /orgs/{org}', status: 403, message: 'Forbidden' } },
    });
    expect(f).toMatchObject({ status: 'error', message: 'Could not evaluate: GET /orgs/{org} failed (Forbidden).' });
  });
});

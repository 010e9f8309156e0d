import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-org-owner-count.js';
import { evaluate } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const owners = (n: number) => Array.from({ length: n }, (_, i) => ({ login: `owner${i + 1}`, id: i + 1 }));

describe('github-org-owner-count', () => {
  it('passes within the default 2 to 5 and lists the owners as evidence', () => {
    const [f, ...rest] = evaluate(check, { scope, data: { 'github.owners': owners(3) } });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ status: 'pass', message: 'acme has 3 owners, within 2 to 5.' });
    expect(f!.observed).toEqual({ owners: ['owner1', 'owner2', 'owner3'], count: 3, min: 2, max: 5 });
  });

  it('fails with a single owner', () => {
    const [f] = evaluate(check, { scope, data: { 'github.owners': owners(1) } });
    expect(f).toMatchObject({ status: 'fail', message: 'acme has 1 owner, fewer than the minimum of 2.' });
  });

  it('fails above the configured maximum', () => {
    const [f] = evaluate(check, { scope, data: { 'github.owners': owners(4) }, params: { max: 3 } });
    expect(f).toMatchObject({
      status: 'fail',
      message: 'acme has 4 owners, more than the maximum of 3.',
      observed: { count: 4, max: 3 },
    });
  });

  it('rejects a minimum above the maximum', () => {
    expect(check.params.safeParse({ min: 4, max: 3 }).success).toBe(false);
  });

  it('is an error when the owner list could not be read', () => {
    const [f] = evaluate(check, {
      scope,
      missing: {
        'github.owners': {
          kind: 'error',
          operation: 'GET /orgs/{org}/members?role=admin',
          status: 500,
          message: 'Server Error',
        },
      },
    });
    expect(f).toMatchObject({
      status: 'error',
      message: 'Could not evaluate: GET /orgs/{org}/members?role=admin failed (Server Error).',
    });
  });
});

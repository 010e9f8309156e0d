import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-org-2fa-required.js';
import { evaluate } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const org = (extra: Record<string, unknown>) => ({ login: 'acme', id: 1001, name: 'Acme', ...extra });

describe('github-org-2fa-required', () => {
  it('passes when the organization requires 2FA', () => {
    const [f, ...rest] = evaluate(check, {
      scope,
      data: { 'github.org': org({ two_factor_requirement_enabled: true }) },
    });
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({
      status: 'pass',
      message: 'Organization acme requires two-factor authentication.',
      resource: { type: 'github-org', id: 'acme' },
    });
    expect(f!.controls).toEqual(['iso27001:5.17', 'iso27001:8.5']);
  });

  it('fails when the requirement is off', () => {
    const [f] = evaluate(check, { scope, data: { 'github.org': org({ two_factor_requirement_enabled: false }) } });
    expect(f).toMatchObject({
      status: 'fail',
      severity: 'high',
      message: 'Organization acme does not require two-factor authentication.',
    });
    expect(f!.observed).toEqual({ two_factor_requirement_enabled: false });
  });

  it('is an error, not a pass, when the token is not an owner and the field is absent', () => {
    const [f] = evaluate(check, { scope, data: { 'github.org': org({}) } });
    expect(f!.status).toBe('error');
    expect(f!.message).toBe(
      'GET /orgs/{org} did not return two_factor_requirement_enabled for acme, which GitHub shows only to organization owners.',
    );
  });

  it('is an error naming the call when GET /orgs/{org} failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'github.org': { kind: 'error', operation: 'GET /orgs/{org}', status: 500, message: 'Internal Server Error' },
      },
    });
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      status: 'error',
      message: 'Could not evaluate: GET /orgs/{org} failed (Internal Server Error).',
    });
  });
});

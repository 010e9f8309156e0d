import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-repos-secret-scanning-enabled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const on = { status: 'enabled' };
const off = { status: 'disabled' };
const repo = (name: string, visibility: string, sa?: Record<string, unknown>, archived = false) => ({
  name,
  archived,
  private: visibility !== 'public',
  visibility,
  ...(sa ? { security_and_analysis: sa } : {}),
});

describe('github-repos-secret-scanning-enabled', () => {
  it('passes when every active repository has it, archived ones skipped', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [
          repo('api', 'public', { secret_scanning: on }),
          repo('web', 'private', { advanced_security: on, secret_scanning: on }),
          repo('legacy', 'public', { secret_scanning: off }, true),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['Secret scanning is enabled on all 2 active repositories of acme.']);
    expect(fs[0]!.observed).toEqual({ enabled: 2, archivedSkipped: 1 });
  });

  it('fails, never not applicable, on a private repository whose plan lacks Secret Protection, naming the product and the way out', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [
          repo('api', 'public', { secret_scanning: on }),
          repo('notes', 'private', { advanced_security: off, secret_scanning: off }),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'Secret scanning is disabled on private repository acme/notes: it needs GitHub Secret Protection, which the repository does not have (advanced_security: disabled); buy Secret Protection for it, or scan it by other means and record an exception.',
    ]);
    expect(fs[0]!.observed).toEqual({
      visibility: 'private',
      secret_scanning: 'disabled',
      advanced_security: 'disabled',
      secretProtection: 'not available',
    });
  });

  it('fails on a public repository, and on a private one with Advanced Security, where it is off', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [
          repo('site', 'public', { secret_scanning: off }),
          repo('core', 'internal', { advanced_security: on, secret_scanning: off }),
          repo('ok', 'public', { secret_scanning: on }),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'Secret scanning is disabled on internal repository acme/core.',
      'Secret scanning is disabled on public repository acme/site.',
    ]);
    expect(fs[1]!.resource).toEqual({ type: 'github-repo', id: 'site' });
  });

  it('treats an absent security_and_analysis as unknown: error, never pass', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.repoSecurity': [repo('api', 'public'), repo('web', 'public', { secret_scanning: on })] },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'GitHub did not return security_and_analysis for acme/api; it shows it only to repository admins, organization owners and security managers.',
    ]);
  });

  it('is an error when the repository list failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'github.repoSecurity': {
          kind: 'error',
          operation: 'GET /orgs/{org}/repos',
          status: 500,
          message: 'Server Error',
        },
      },
    });
    expect(messages(fs)).toEqual(['Could not evaluate: GET /orgs/{org}/repos failed (Server Error).']);
  });

  it('treats a missing secret_scanning status as unknown: error, even on a private repository without Advanced Security', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [
          repo('notes', 'private', { advanced_security: off }),
          repo('api', 'public', { secret_scanning: on }),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'GitHub did not report the secret_scanning status of private repository acme/notes, so whether secret scanning is on is unknown.',
    ]);
  });

  it('is not applicable, never a pass, when the organization has no active repository', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.repoSecurity': [repo('legacy', 'public', { secret_scanning: on }, true)] },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual(['acme has no active repository to check secret scanning on (1 archived skipped).']);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/github/github-repos-push-protection-enabled.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const repo = (name: string, visibility: string, pp: string, extra: Record<string, unknown> = {}) => ({
  name,
  archived: false,
  private: visibility !== 'public',
  visibility,
  security_and_analysis: {
    secret_scanning: { status: 'enabled' },
    secret_scanning_push_protection: { status: pp },
    ...extra,
  },
});

describe('github-repos-push-protection-enabled', () => {
  it('passes when push protection is on everywhere', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [
          repo('api', 'public', 'enabled'),
          repo('web', 'private', 'enabled', { advanced_security: { status: 'enabled' } }),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['Push protection is enabled on all 2 active repositories of acme.']);
  });

  it('fails where it is off', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.repoSecurity': [repo('api', 'public', 'disabled'), repo('web', 'public', 'enabled')] },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['Push protection is disabled on public repository acme/api.']);
  });

  it('fails, naming the missing product and the way out, on a private repository whose plan lacks Secret Protection', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [
          repo('web', 'private', 'disabled', {
            advanced_security: { status: 'disabled' },
            secret_scanning: { status: 'disabled' },
          }),
        ],
      },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'Push protection is disabled on private repository acme/web: it needs GitHub Secret Protection, which the repository does not have (advanced_security: disabled); buy Secret Protection for it, or scan it by other means and record an exception.',
    ]);
    expect(fs[0]!.observed).toMatchObject({ secretProtection: 'not available' });
  });

  it('is an error when the repository list failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'github.repoSecurity': { kind: 'error', operation: 'GET /orgs/{org}/repos', status: 403, message: 'Forbidden' },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
  });

  it('fails on a private repository with standalone Secret Protection (secret scanning on) even though advanced_security is disabled', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [repo('web', 'private', 'disabled', { advanced_security: { status: 'disabled' } })],
      },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['Push protection is disabled on private repository acme/web.']);
  });

  it('fails where it is off even when the settings do not show whether Secret Protection is there, and is an error where the status is missing', () => {
    const base = { name: 'web', archived: false, private: true, visibility: 'private' };
    const fs = evaluate(check, {
      scope,
      data: {
        'github.repoSecurity': [
          {
            ...base,
            security_and_analysis: {
              secret_scanning: { status: 'disabled' },
              secret_scanning_push_protection: { status: 'disabled' },
            },
          },
          {
            ...base,
            name: 'ml',
            security_and_analysis: {
              advanced_security: { status: 'disabled' },
              code_security: { status: 'enabled' },
              secret_scanning: { status: 'disabled' },
              secret_scanning_push_protection: { status: 'disabled' },
            },
          },
          {
            ...base,
            name: 'zz',
            security_and_analysis: {
              advanced_security: { status: 'disabled' },
              secret_scanning: { status: 'disabled' },
            },
          },
        ],
      },
    });
    expect(statuses(fs)).toEqual(['fail', 'fail', 'error']);
    expect(messages(fs)).toEqual([
      "Push protection is disabled on private repository acme/ml (GitHub's settings do not show whether Secret Protection is available there; advanced_security: disabled).",
      "Push protection is disabled on private repository acme/web (GitHub's settings do not show whether Secret Protection is available there; advanced_security: absent).",
      'GitHub did not report the secret_scanning_push_protection status of private repository acme/zz, so whether push protection is on is unknown.',
    ]);
  });

  it('is not applicable, never a pass, when the organization has no active repository', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'github.repoSecurity': [{ ...repo('old', 'public', 'disabled'), archived: true }] },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual(['acme has no active repository to check push protection on (1 archived skipped).']);
    expect(evaluate(check, { scope, data: { 'github.repoSecurity': [] } }).map((f) => f.status)).toEqual([
      'not_applicable',
    ]);
  });
});

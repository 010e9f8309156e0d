import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-executives-protected.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, email, failed, graphFailed, input, scenario } from './people-check-fixtures.js';

describe('people-executives-protected', () => {
  it('fails the executive missing a second factor in one system and passes the one covered everywhere', () => {
    const fs = evaluate(check, input(scenario()));
    expect(fs.map((f) => [f.resource.id, f.status, f.severity])).toEqual([
      [email('ceo'), 'pass', 'critical'],
      [email('cto'), 'fail', 'critical'],
    ]);
    expect(messages(fs)).toEqual([
      `Executive ${email('ceo')} has a second factor everywhere: Workspace 2SV enrolled and enforced; GitHub ceo-gh in acme: 2FA on, not SMS-only; AWS IAM ceo in ${ACCOUNT}: console MFA on; IAM Identity Center ${email('ceo')} in ${ACCOUNT}: signs in through Workspace, so relies on its 2SV.`,
      `Executive ${email('cto')} lacks a second factor in one place: GitHub cto-gh in acme: 2FA by SMS only.`,
    ]);
    expect(fs[1]!.observed).toMatchObject({ executive: true, executiveVia: ['listed'] });
  });

  it('is an error naming the system that could not be read, never a pass', () => {
    const fs = evaluate(
      check,
      input(
        scenario({
          ctoSmsOnly: false,
          githubMissing: { 'github.membersWithout2fa': failed('GET /orgs/{org}/members?filter=2fa_disabled') },
        }),
      ),
    );
    expect(statuses(fs)).toEqual(['error', 'error']);
    expect(fs[1]!.message).toBe(
      `Executive ${email('cto')}'s second factor cannot be verified everywhere: GitHub cto-gh in acme: second factor not readable; GitHub acme (GET /orgs/{org}/members?filter=2fa_disabled: HTTP 403 forbidden) was not read.`,
    );
  });

  it('is an error when the identity graph is missing', () => {
    const fs = evaluate(check, graphFailed);
    expect(statuses(fs)).toEqual(['error']);
    expect(fs[0]!.message).toContain('directory.users.list');
  });

  it('is not applicable when no executive is declared', () => {
    const graph = scenario();
    const fs = evaluate(check, input({ ...graph, persons: graph.persons.map((p) => ({ ...p, executiveVia: [] })) }));
    expect(statuses(fs)).toEqual(['not_applicable']);
  });
});

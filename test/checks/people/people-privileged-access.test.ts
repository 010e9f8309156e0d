import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-privileged-access.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { ACCOUNT, email, failed, graphFailed, input, scenario } from './people-check-fixtures.js';

describe('people-privileged-access', () => {
  it('lists every admin path per person and fails an admin account that belongs to nobody', () => {
    const fs = evaluate(check, input(scenario()));
    expect(fs.map((f) => [f.resource.id, f.status])).toEqual([
      [email('ceo'), 'pass'],
      [`${ACCOUNT}/arn:aws:iam::${ACCOUNT}:user/old-ci`, 'fail'],
    ]);
    expect(fs[0]!.message).toBe(
      `${email('ceo')} (active) holds 3 admin paths: GitHub ceo-gh: GitHub org owner of acme; AWS IAM ceo: IAM admin in ${ACCOUNT}; IAM Identity Center ${email('ceo')}: permission set Admin in 444455556666.`,
    );
    expect(fs[1]!.message).toBe(
      `AWS IAM account old-ci in ${ACCOUNT} holds IAM admin in ${ACCOUNT} and belongs to no person.`,
    );
  });

  it('passes with no admin path anywhere', () => {
    const graph = scenario();
    const fs = evaluate(check, input({ ...graph, accounts: graph.accounts.map((a) => ({ ...a, admin: [] })) }));
    expect(fs.map((f) => [f.status, f.message])).toEqual([['pass', 'No admin path was found in any system read.']]);
  });

  it('is an error for a system that could not be read', () => {
    const fs = evaluate(
      check,
      input(scenario({ githubMissing: { 'github.owners': failed('GET /orgs/{org}/members?role=admin') } })),
    );
    expect(fs.at(-1)!.status).toBe('error');
    expect(fs.at(-1)!.message).toBe(
      'The admin inventory lacks GitHub acme (GET /orgs/{org}/members?role=admin: HTTP 403 forbidden): the read failed.',
    );
  });

  it('is an error when the identity graph is missing', () => {
    expect(statuses(evaluate(check, graphFailed))).toEqual(['error']);
  });
});

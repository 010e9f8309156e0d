import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-orphan-accounts.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { ACCOUNT, failed, graphFailed, input, scenario } from './people-check-fixtures.js';

describe('people-orphan-accounts', () => {
  it('fails accounts linked to nobody, not service accounts nor conflicted ones', () => {
    const fs = evaluate(check, input(scenario()));
    expect(fs.map((f) => [f.resource.id, f.status, f.severity])).toEqual([
      ['acme/stranger', 'fail', 'medium'],
      [`${ACCOUNT}/arn:aws:iam::${ACCOUNT}:user/old-ci`, 'fail', 'high'],
    ]);
    expect(fs[0]!.message).toBe(
      'GitHub account stranger in acme is linked to no person and is not a declared service account (access: member of acme).',
    );
  });

  it('passes when every account belongs to someone, saying what it covered', () => {
    const graph = scenario();
    const fs = evaluate(check, input({ ...graph, accounts: graph.accounts.filter((a) => a.person || a.service) }));
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      [
        'pass',
        `All 9 accounts in GitHub acme, AWS IAM ${ACCOUNT}, IAM Identity Center ${ACCOUNT} belong to a person or are declared service accounts (1).`,
      ],
    ]);
  });

  it('is an error for a system that could not be read', () => {
    const fs = evaluate(
      check,
      input(scenario({ iamMissing: { 'aws-iam.authorizationDetails': failed('iam:GetAccountAuthorizationDetails') } })),
    );
    expect(fs.map((f) => f.status)).toContain('error');
    expect(fs.find((f) => f.status === 'error')!.message).toBe(
      `Orphan accounts in AWS IAM ${ACCOUNT} (iam:GetAccountAuthorizationDetails: HTTP 403 forbidden) cannot be ruled out: the read failed.`,
    );
  });

  it('is an error when the identity graph is missing', () => {
    expect(statuses(evaluate(check, graphFailed))).toEqual(['error']);
  });
});

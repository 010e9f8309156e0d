import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-offboarded-access.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { ACCOUNT, at, email, failed, graphFailed, input, scenario } from './people-check-fixtures.js';

describe('people-offboarded-access', () => {
  it('fails per person and system past the SLA, naming the offboarding and the live credentials', () => {
    const fs = evaluate(check, input(scenario()));
    expect(fs.map((f) => [f.resource.id, f.status, f.severity])).toEqual([
      [`${email('fresh')} github/acme`, 'pass', 'high'],
      [`${email('gone')} aws-identity-center/${ACCOUNT}`, 'fail', 'high'],
      [`${email('leaver')} github/acme`, 'fail', 'high'],
      [`${email('leaver')} aws-iam/${ACCOUNT}`, 'fail', 'high'],
    ]);
    expect(fs[2]!.message).toBe(
      `${email('leaver')} (suspended, offboarded ${at(50)} (Workspace admin event SUSPEND_USER by ${email('admin')}), 50 h ago, over the 24 h SLA) still has GitHub access in acme: leaver-gh: member of acme.`,
    );
    expect(fs[3]!.observed).toMatchObject({
      offboardingSource: 'admin-event',
      credentials: [
        { account: 'leaver', access: ['access key 1'], accessKeys: [{ slot: 1, active: true, lastUsed: at(10) }] },
      ],
    });
    expect(fs[0]!.message).toContain('2 h ago, within the 24 h SLA');
    expect(fs[1]!.message).toContain('(deleted, offboarded');
  });

  it('passes an offboarded person with nothing left, naming the systems read', () => {
    const graph = scenario();
    const fs = evaluate(
      check,
      input({ ...graph, accounts: graph.accounts.filter((a) => a.person !== email('leaver')) }),
    ).filter((f) => f.resource.id.startsWith(email('leaver')));
    expect(statuses(fs)).toEqual(['pass']);
    expect(fs[0]!.message).toBe(
      `${email('leaver')} (suspended, offboarded ${at(50)} (Workspace admin event SUSPEND_USER by ${email('admin')})) has no access left in GitHub acme, AWS IAM ${ACCOUNT}, IAM Identity Center ${ACCOUNT}.`,
    );
  });

  it('is an error for each offboarded person in a system that could not be read', () => {
    const fs = evaluate(
      check,
      input(scenario({ githubMissing: { 'github.members': failed('GET /orgs/{org}/members') } })),
    );
    const github = fs.filter((f) => f.resource.id.includes('github'));
    expect(github.map((f) => [f.resource.id, f.status])).toEqual([
      [`${email('fresh')} github/acme`, 'error'],
      [`${email('gone')} github/acme`, 'error'],
      [`${email('leaver')} github/acme`, 'error'],
    ]);
    expect(github[2]!.message).toBe(
      `Whether ${email('leaver')} (offboarded ${at(50)} (Workspace admin event SUSPEND_USER by ${email('admin')})) still has access cannot be told: GitHub acme (GET /orgs/{org}/members: HTTP 403 forbidden) was not read.`,
    );
  });

  it('is an error when the identity graph is missing', () => {
    expect(statuses(evaluate(check, graphFailed))).toEqual(['error']);
  });
});

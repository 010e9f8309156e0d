import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-identity-center-no-direct-admin-user-assignments.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { denied, deniedMessage } from './aws-iam-fixtures.js';
import {
  ADMIN,
  assign,
  icGroup,
  icUser,
  MGMT,
  permissionSet,
  PROD,
  READ,
  scope,
} from './aws-identity-center-fixtures.js';

const ada = icUser('ada');
const bob = icUser('bob');
const admins = icGroup('AWSAdministrators', ['ada']);
const breakGlass = permissionSet('BreakGlass', 'conditional');
const data = (assignments: ReturnType<typeof assign>[], sets = [ADMIN, READ, breakGlass]) => ({
  'aws-identity-center.assignments': assignments,
  'aws-identity-center.permission-sets': sets,
  'aws-identity-center.users': [ada, bob],
});

describe('aws-identity-center-no-direct-admin-user-assignments', () => {
  it('passes when administrator permission sets go to groups, whatever goes to users directly', () => {
    const fs = evaluate(check, {
      scope,
      data: data([assign(PROD, ADMIN, admins), assign(MGMT, ADMIN, admins), assign(PROD, READ, bob)]),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'All 2 assignments of the administrator permission sets (AdministratorAccess, BreakGlass) are to groups; 3 assignments of 3 permission sets were read.',
    ]);
  });

  it('passes, saying so, when no permission set grants administrator access', () => {
    const fs = evaluate(check, { scope, data: data([assign(PROD, READ, bob)], [READ]) });
    expect(messages(fs)).toEqual(['None of the 1 permission sets grants administrator access.']);
  });

  it('fails once per user holding an administrator permission set directly, conditional grants included', () => {
    const fs = evaluate(check, {
      scope,
      data: data([
        assign(PROD, ADMIN, admins),
        assign(PROD, ADMIN, bob),
        assign(MGMT, ADMIN, bob),
        assign(MGMT, breakGlass, ada),
        assign(PROD, READ, ada),
      ]),
    });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      `Identity Center user ada is assigned BreakGlass directly in account ${MGMT}, which grants conditional administrator access.`,
      `Identity Center user bob is assigned AdministratorAccess directly in accounts ${PROD}, ${MGMT}, which grants administrator access.`,
    ]);
    expect(fs.map((f) => f.resource)).toEqual([
      { type: 'aws-identity-center-user', id: 'id-ada', name: 'ada' },
      { type: 'aws-identity-center-user', id: 'id-bob', name: 'bob' },
    ]);
  });

  it('is an error for an assigned permission set it did not read', () => {
    const fs = evaluate(check, { scope, data: data([assign(PROD, ADMIN, admins)], [READ]) });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)[0]).toContain(
      `Permission set ${ADMIN.arn} is assigned but was not among the permission sets read`,
    );
  });

  it('is an error when the assignments could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-identity-center.permission-sets': [ADMIN], 'aws-identity-center.users': [ada] },
      missing: { 'aws-identity-center.assignments': denied('sso:ListAccountAssignments') },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('sso:ListAccountAssignments')]);
  });
});

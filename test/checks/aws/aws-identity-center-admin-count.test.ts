import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-identity-center-admin-count.js';
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

const users = ['ada', 'bob', 'cy', 'dee', 'eve'].map((n) => icUser(n));
const gone = icUser('gus', { status: 'DISABLED' });
const admins = icGroup('AWSAdministrators', ['ada', 'bob', 'cy']);
const readers = icGroup('Readers', ['dee', 'eve', 'ada']);
const sandbox = permissionSet('Sandbox', 'conditional', { unjudged: ['customer managed policy /sandbox'] });
const data = (assignments: ReturnType<typeof assign>[]) => ({
  'aws-identity-center.assignments': assignments,
  'aws-identity-center.permission-sets': [ADMIN, READ, sandbox],
  'aws-identity-center.groups': [admins, readers],
  'aws-identity-center.users': [...users, gone],
});

describe('aws-identity-center-admin-count', () => {
  it('passes within the maximum, counting each person once across groups, users and accounts', () => {
    const fs = evaluate(check, {
      scope,
      data: data([
        assign(PROD, ADMIN, admins),
        assign(MGMT, ADMIN, admins),
        assign(PROD, ADMIN, users[0]!),
        assign(PROD, READ, readers),
      ]),
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['3 Identity Center users hold an administrator permission set (maximum 5).']);
    expect(fs[0]!.observed.users).toEqual(['ada', 'bob', 'cy']);
  });

  it('fails above the configured maximum, counting conditional grants and naming disabled holders', () => {
    const fs = evaluate(check, {
      scope,
      params: { maxAdministrators: 4 },
      data: data([assign(PROD, ADMIN, admins), assign(MGMT, sandbox, users[3]!), assign(MGMT, ADMIN, gone)]),
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      '5 Identity Center users hold an administrator permission set, 1 of them disabled, more than the maximum of 4.',
    ]);
    expect(fs[0]!.observed.permissionSets).toMatchObject({ dee: ['Sandbox'], gus: ['AdministratorAccess'] });
  });

  it('is an error when an assigned group was not read', () => {
    const fs = evaluate(check, { scope, data: data([assign(PROD, ADMIN, icGroup('Ghosts', ['x']))]) });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Administrator holders cannot be counted: assignments name group g-Ghosts, not among those read.',
    ]);
  });

  it('is an error when the group memberships could not be read', () => {
    const { 'aws-identity-center.groups': _, ...rest } = data([assign(PROD, ADMIN, admins)]);
    const fs = evaluate(check, {
      scope,
      data: rest,
      missing: { 'aws-identity-center.groups': denied('identitystore:ListGroupMemberships') },
    });
    expect(messages(fs)).toEqual([deniedMessage('identitystore:ListGroupMemberships')]);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-no-user-policies.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { READONLY_ARN, attach, denied, deniedMessage, details, readOnly, scope, user } from './aws-iam-fixtures.js';

describe('aws-iam-no-user-policies', () => {
  it('passes when users get permissions only from groups', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-iam.authorizationDetails': details({ users: [user('ada'), user('grace')] }) },
    });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      'All 2 IAM users in account 111122223333 get their permissions through groups or roles.',
    ]);
  });

  it('fails per user with attached or inline policies of its own', () => {
    const users = [
      user('ada', { AttachedManagedPolicies: attach(READONLY_ARN) }),
      user('grace', { UserPolicyList: [{ PolicyName: 'extra', PolicyDocument: readOnly }] }),
      user('linus'),
    ];
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': details({ users }) } });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'User ada in account 111122223333 has policies of its own: ReadOnlyAccess.',
      'User grace in account 111122223333 has policies of its own: inline extra.',
    ]);
  });

  it('is an error when the authorization details could not be read', () => {
    const fs = evaluate(check, {
      scope,
      missing: { 'aws-iam.authorizationDetails': denied('iam:GetAccountAuthorizationDetails') },
    });
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountAuthorizationDetails')]);
  });
});

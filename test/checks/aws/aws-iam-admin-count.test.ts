import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-admin-count.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ADMIN_ARN, attach, denied, deniedMessage, details, role, scope, user } from './aws-iam-fixtures.js';

const data = details({
  users: [
    user('ada', { GroupList: ['Admins'] }),
    user('bob', { GroupList: ['Admins'] }),
    user('cy', { AttachedManagedPolicies: attach(ADMIN_ARN) }),
    user('dev'),
  ],
  roles: [role('OrganizationAccountAccessRole', [ADMIN_ARN])],
});

describe('aws-iam-admin-count', () => {
  it('passes within the maximum, counting users (direct or via group) and roles', () => {
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual(['Account 111122223333 has 4 administrators (maximum 5).']);
    expect(fs[0]!.observed.principals).toEqual([
      'role/OrganizationAccountAccessRole',
      'user/ada',
      'user/bob',
      'user/cy',
    ]);
  });

  it('fails above the configured maximum', () => {
    const fs = evaluate(check, {
      scope,
      params: { maxAdministrators: 3 },
      data: { 'aws-iam.authorizationDetails': data },
    });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual(['Account 111122223333 has 4 administrators, more than the maximum of 3.']);
  });

  it('counts a conditional administrator and one through NotAction, and says how many are conditional', () => {
    const more = details({
      users: [
        ...data.users,
        user('mfa', {
          UserPolicyList: [
            {
              PolicyName: 'admin-with-mfa',
              PolicyDocument: {
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: ['*'],
                    Resource: ['*'],
                    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
                  },
                ],
              },
            },
          ],
        }),
        user('ops', {
          UserPolicyList: [
            {
              PolicyName: 'all-but-billing',
              PolicyDocument: { Statement: [{ Effect: 'Allow', NotAction: ['billing:*'], Resource: ['*'] }] },
            },
          ],
        }),
      ],
      roles: data.roles,
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': more } });
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'Account 111122223333 has 6 administrators, 1 of them conditional, more than the maximum of 5.',
    ]);
    expect(fs[0]!.observed.conditional).toEqual(['user/mfa']);
  });

  it('is an error when the authorization details could not be read', () => {
    const fs = evaluate(check, {
      scope,
      missing: { 'aws-iam.authorizationDetails': denied('iam:GetAccountAuthorizationDetails') },
    });
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountAuthorizationDetails')]);
  });
});

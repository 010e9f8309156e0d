import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-iam-admin-principals.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import type { AuthorizationDetails } from '../../../src/model/datasets/aws-iam.js';
import {
  ADMIN_ARN,
  allowAll,
  arnOf,
  attach,
  denied,
  deniedMessage,
  details,
  role,
  scope,
  user,
} from './aws-iam-fixtures.js';

describe('aws-iam-admin-principals', () => {
  it('lists administrators holding it through a group or role as passes', () => {
    const data = details({
      users: [user('ada', { GroupList: ['Admins'] }), user('grace')],
      roles: [role('OrganizationAccountAccessRole', [ADMIN_ARN])],
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(statuses(fs)).toEqual(['pass', 'pass']);
    expect(messages(fs)).toEqual([
      'Role OrganizationAccountAccessRole in account 111122223333 has administrator access through AdministratorAccess.',
      'User ada in account 111122223333 has administrator access through group Admins: AdministratorAccess.',
    ]);
  });

  it('fails for users holding it directly, attached or as an inline * on * statement', () => {
    const data = details({
      users: [
        user('root-like', { GroupList: [], AttachedManagedPolicies: attach(ADMIN_ARN) }),
        user('sneaky', { UserPolicyList: [{ PolicyName: 'everything', PolicyDocument: allowAll }] }),
        user('ada', { GroupList: ['Admins'] }),
      ],
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(statuses(fs)).toEqual(['fail', 'fail', 'pass']);
    expect(messages(fs).slice(0, 2)).toEqual([
      'User root-like in account 111122223333 holds administrator access directly (AdministratorAccess).',
      'User sneaky in account 111122223333 holds administrator access directly (inline everything).',
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-iam-user', id: arnOf('root-like'), name: 'root-like' });
  });

  it('counts * with only a NotResource exclusion as administrator access, and AdministratorAccess by name whatever its document says', () => {
    const allButOne = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow' as const, Action: ['*'], NotResource: ['arn:aws:s3:::audit-logs/*'] }],
    };
    const base = details();
    const data = details({
      users: [
        user('almost', { UserPolicyList: [{ PolicyName: 'all-but-audit', PolicyDocument: allButOne }] }),
        user('named', { GroupList: [], AttachedManagedPolicies: attach(ADMIN_ARN) }),
      ],
      policies: base.policies.map((p) =>
        p.Arn === ADMIN_ARN
          ? {
              ...p,
              DefaultVersionDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow' as const, Action: ['iam:Get*'], Resource: ['*'] }],
              },
            }
          : p,
      ),
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(messages(fs)).toEqual([
      'User almost in account 111122223333 holds administrator access directly (inline all-but-audit).',
      'User named in account 111122223333 holds administrator access directly (AdministratorAccess).',
    ]);
  });

  it('judges policies as IAM does: NotAction that leaves IAM in, a conditional grant, a Deny in another policy', () => {
    const doc = (...Statement: AuthorizationDetails['policies'][number]['DefaultVersionDocument']['Statement']) => ({
      Version: '2012-10-17',
      Statement,
    });
    const data = details({
      users: [
        user('billing-aside', {
          GroupList: [],
          UserPolicyList: [
            {
              PolicyName: 'all-but-billing',
              PolicyDocument: doc({ Effect: 'Allow', NotAction: ['aws-portal:*', 'billing:*'], Resource: ['*'] }),
            },
          ],
        }),
        user('mfa-admin', {
          GroupList: [],
          UserPolicyList: [
            {
              PolicyName: 'admin-with-mfa',
              PolicyDocument: doc({
                Effect: 'Allow',
                Action: ['*'],
                Resource: ['*'],
                Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
              }),
            },
          ],
        }),
        user('power-user', {
          GroupList: [],
          UserPolicyList: [
            { PolicyName: 'no-iam', PolicyDocument: doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }) },
          ],
        }),
        user('fenced', {
          GroupList: ['Admins'],
          UserPolicyList: [
            { PolicyName: 'deny-all', PolicyDocument: doc({ Effect: 'Deny', Action: ['*'], Resource: ['*'] }) },
          ],
        }),
      ],
    });
    const fs = evaluate(check, { scope, data: { 'aws-iam.authorizationDetails': data } });
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      'User billing-aside in account 111122223333 holds administrator access directly (inline all-but-billing).',
      'User mfa-admin in account 111122223333 holds conditional administrator access directly (inline admin-with-mfa).',
    ]);
    expect(fs[0]!.observed).toMatchObject({
      verdict: 'yes',
      reasons: [
        'inline all-but-billing statement 1 allows every action except aws-portal:*, billing:* on every resource',
        'full IAM access lets it grant itself any permission',
      ],
    });
    expect(fs[1]!.observed).toMatchObject({ verdict: 'conditional' });
  });

  it('passes once for the account when nobody is an administrator', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'aws-iam.authorizationDetails': details({ users: [user('grace')] }) },
    });
    expect(messages(fs)).toEqual(['No IAM user or role in account 111122223333 has administrator access.']);
  });

  it('is an error when the authorization details could not be read', () => {
    const fs = evaluate(check, {
      scope,
      missing: { 'aws-iam.authorizationDetails': denied('iam:GetAccountAuthorizationDetails') },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([deniedMessage('iam:GetAccountAuthorizationDetails')]);
  });
});

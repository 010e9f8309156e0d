import { describe, expect, it } from 'vitest';
import check from '../../../checks/google/google-executives-2sv.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { scope, user, usersListFailed } from './google-fixtures.js';

const users = [
  user('ceo@example.com', { orgUnitPath: '/Leadership' }),
  user('cfo@example.com', { orgUnitPath: '/Leadership/Finance', isEnforcedIn2Sv: false }),
  user('cto@example.com', { isEnrolledIn2Sv: false, isEnforcedIn2Sv: false }),
  user('coo@example.com', { isEnrolledIn2Sv: false }),
  user('founder@example.com', { suspended: true, isEnrolledIn2Sv: false }),
  user('dev@example.com'),
];
const execGroup = (emails: string[]) => ({
  email: 'exec@example.com',
  members: [
    ...emails.map((email, i) => ({ id: `10${i}`, email, type: 'USER', status: 'ACTIVE' })),
    { id: '200', email: 'board@example.com', type: 'GROUP' },
  ],
});

describe('google-executives-2sv', () => {
  it('gives one finding per executive from groups, emails and org units (sub-units included)', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'google-workspace.users': users,
        'google-workspace.executives': {
          groups: [execGroup(['cto@example.com', 'founder@example.com'])],
          emails: ['coo@example.com', 'ceo@example.com'],
          orgUnits: ['/Leadership'],
        },
      },
    });
    expect(fs.map((f) => [f.resource.id, f.status, f.severity])).toEqual([
      ['ceo@example.com', 'pass', 'critical'],
      ['cfo@example.com', 'fail', 'critical'],
      ['coo@example.com', 'fail', 'critical'],
      ['cto@example.com', 'fail', 'critical'],
      ['founder@example.com', 'not_applicable', 'critical'],
    ]);
    expect(messages(fs)).toEqual([
      'Executive ceo@example.com is enrolled in 2-Step Verification and it is enforced.',
      'Executive cfo@example.com is enrolled in 2-Step Verification but it is not enforced, so they can turn it off.',
      'Executive coo@example.com is not enrolled in 2-Step Verification (it is enforced).',
      'Executive cto@example.com is not enrolled in 2-Step Verification and it is not enforced.',
      'Executive founder@example.com is suspended and cannot sign in.',
    ]);
    expect(fs[0]!.observed).toEqual({
      executiveVia: ['listed', 'org unit /Leadership'],
      isEnrolledIn2Sv: true,
      isEnforcedIn2Sv: true,
    });
  });

  it('is an error, not silence, for an executive missing from the directory and for an empty group or org unit', () => {
    const fs = evaluate(check, {
      scope,
      data: {
        'google-workspace.users': users,
        'google-workspace.executives': {
          groups: [{ email: 'exec@example.com', members: [] }],
          emails: ['ghost@example.com'],
          orgUnits: ['/Leadrship'],
        },
      },
    });
    expect(statuses(fs)).toEqual(['error', 'error', 'error']);
    expect(messages(fs)).toEqual([
      'Executive group exec@example.com has no user members, so no executive can be verified through it.',
      'Executive org unit /Leadrship holds no users in the directory, so no executive can be verified through it.',
      'Executive ghost@example.com was not found in the directory, so their 2-Step Verification cannot be verified.',
    ]);
  });

  it('is not applicable when no executives are configured', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.users': users },
      missing: {
        'google-workspace.executives': {
          kind: 'not_applicable',
          operation: 'sources.google.executives',
          message: 'no executives are configured (sources.google.executives: groups, emails or orgUnits)',
        },
      },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'Not applicable: no executives are configured (sources.google.executives: groups, emails or orgUnits).',
    ]);
  });

  it('is an error naming the call when the executive group could not be read', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.users': users },
      missing: {
        'google-workspace.executives': {
          kind: 'error',
          operation: 'directory.members.list',
          status: 404,
          message: 'HTTP 404 notFound: Resource Not Found: groupKey',
        },
      },
    });
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      status: 'error',
      message: 'Could not evaluate: directory.members.list failed (HTTP 404 notFound: Resource Not Found: groupKey).',
    });
  });

  it('is an error when users.list failed', () => {
    const fs = evaluate(check, {
      scope,
      data: { 'google-workspace.executives': { groups: [], emails: ['ceo@example.com'], orgUnits: [] } },
      missing: { 'google-workspace.users': usersListFailed },
    });
    expect(statuses(fs)).toEqual(['error']);
  });
});

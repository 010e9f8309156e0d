import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-time-to-revoke.js';
import type { PeopleGraph } from '../../../src/model/datasets/people.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { at, email, graphFailed, input, scenario } from './people-check-fixtures.js';

const revocation = (hoursAfter: number, revokedHoursAgo: number): PeopleGraph['revocations'][number] => ({
  person: email('leaver'),
  system: 'github',
  scope: 'acme',
  account: 'leaver-gh',
  name: 'leaver-gh',
  offboardedAt: at(revokedHoursAgo + hoursAfter),
  offboardingSource: 'admin-event',
  revokedAt: at(revokedHoursAgo),
});

describe('people-time-to-revoke', () => {
  it('passes a revocation within the SLA and fails a late one, leaving live access to people-offboarded-access', () => {
    const graph = scenario();
    const fs = evaluate(
      check,
      input({
        ...graph,
        revocations: [
          revocation(6, 1),
          { ...revocation(30, 5), system: 'aws-iam', account: 'arn', name: 'leaver' },
          { ...revocation(1, 24 * 200), account: 'old' },
          { ...revocation(1, 1), account: 'live', revokedAt: undefined },
        ],
      }),
    );
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      [
        'pass',
        `GitHub access of ${email('leaver')} (leaver-gh in acme) was gone 6 h after the offboarding (admin event ${at(7)}; first run without it ${at(1)}), within the 24 h SLA.`,
      ],
      [
        'fail',
        `AWS IAM access of ${email('leaver')} (leaver in acme) was gone 30 h after the offboarding (admin event ${at(35)}; first run without it ${at(5)}), over the 24 h SLA.`,
      ],
    ]);
    expect(fs[1]!.observed).toMatchObject({ hoursToRevoke: 30, slaHours: 24 });
  });

  it('is not applicable without a revocation in the window', () => {
    const fs = evaluate(check, input({ ...scenario(), revocations: [] }));
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      ['not_applicable', "No offboarded person's access was seen revoked in the last 90 days."],
    ]);
  });

  it('is an error when the identity graph is missing', () => {
    expect(statuses(evaluate(check, graphFailed))).toEqual(['error']);
  });
});

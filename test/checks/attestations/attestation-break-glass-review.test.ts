import { describe, expect, it } from 'vitest';
import check from '../../../checks/attestations/attestation-break-glass-review.js';
import type { AttestationEntry } from '../../../src/model/datasets/attestations.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { FILE_SHA, entry, scope } from './attestation-fixtures.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
const ACTOR = `arn:aws:iam::${ACCOUNT}:user/alice from 203.0.113.7`;
const use = (eventId: string, eventTime: string, review: AttestationEntry | null = null) => ({
  eventId,
  findingKey: `aws-cloudtrail-event-break-glass-role-assumed|aws-account:${ACCOUNT}|aws-cloudtrail-event:${eventId}`,
  account: ACCOUNT,
  eventTime,
  roleArn: ROLE,
  actor: ACTOR,
  review,
});
const review = (seq: number, at: string, ref: string) =>
  entry(seq, 'break-glass-review', at, { ref, ticket: 'https://tracker.example.com/INC-7' });
const run = (uses: unknown[], unread: unknown[] = []) =>
  evaluate(check, {
    scope,
    data: { 'attestations.breakGlassReviews': { period: 'P5D', accountsRead: [ACCOUNT], unread, uses } },
  });
const described = (id: string, at: string) =>
  `Break-glass use of ${ROLE} by ${ACTOR} at ${at} (event ${id}, account ${ACCOUNT})`;

describe('attestation-break-glass-review', () => {
  it('passes a use reviewed in time, names a late review, and lets a recent use await its review', () => {
    const fs = run([
      use('e1', '2026-11-01T08:00:00.000Z', review(7, '2026-11-20T10:00:00.000Z', 'e1')),
      use('e2', '2026-11-10T08:00:00.000Z', review(8, '2026-11-12T10:00:00.000Z', 'e2')),
      use('e3', '2026-11-22T08:00:00.000Z'),
    ]);
    expect(statuses(fs)).toEqual(['pass', 'pass', 'pass']);
    expect(messages(fs)).toEqual([
      `${described('e1', '2026-11-01T08:00:00.000Z')} was reviewed by ciso@example.com on 2026-11-20 (record #7; minutes.pdf sha256 ${FILE_SHA}; ticket https://tracker.example.com/INC-7) (late: due by 2026-11-06).`,
      `${described('e2', '2026-11-10T08:00:00.000Z')} was reviewed by ciso@example.com on 2026-11-12 (record #8; minutes.pdf sha256 ${FILE_SHA}; ticket https://tracker.example.com/INC-7).`,
      `${described('e3', '2026-11-22T08:00:00.000Z')} awaits its review, due by 2026-11-27 (within P5D).`,
    ]);
  });

  it('fails a use without a review past its period', () => {
    const fs = run([use('e9', '2026-11-10T08:00:00.000Z')]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `${described('e9', '2026-11-10T08:00:00.000Z')} has no review; due since 2026-11-15 (within P5D): record it with assay attest break-glass-review --ref e9 --ticket URL --by EMAIL.`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'break-glass-use', id: 'e9', name: `${ACCOUNT} 2026-11-10T08:00:00.000Z` });
  });

  it('passes, naming the accounts read, when no use awaits review', () => {
    const fs = run([]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([`No break-glass use awaits review (accounts read: ${ACCOUNT}).`]);
  });

  it('is an error for each account whose break-glass events were not read, beside the uses it knows', () => {
    const fs = run(
      [use('e3', '2026-11-22T08:00:00.000Z')],
      [
        {
          account: '444455556666',
          operation: 'cloudtrail:LookupEvents',
          message: 'ThrottlingException: Rate exceeded',
        },
      ],
    );
    expect(statuses(fs)).toEqual(['error', 'pass']);
    expect(messages(fs)[0]).toBe(
      'Could not evaluate break-glass reviews of account 444455556666: cloudtrail:LookupEvents failed (ThrottlingException: Rate exceeded).',
    );
  });

  it('is not applicable when no break-glass role is configured', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'attestations.breakGlassReviews': {
          kind: 'not_applicable',
          operation: 'aws-cloudtrail.breakGlassEvents',
          message: 'no break-glass roles are named in sources.aws.cloudtrail.breakGlassRoles',
        },
      },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'Not applicable: no break-glass roles are named in sources.aws.cloudtrail.breakGlassRoles.',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/attestations/attestation-management-review.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { FILE_SHA, entry, recordsFailed, register, scope } from './attestation-fixtures.js';

const KIND = 'management-review';
const run = (...args: Parameters<typeof register>) =>
  evaluate(check, { scope, data: { 'attestations.register': register(...args) } });

describe('attestation-management-review', () => {
  it('passes on a current attestation, naming who, when, what it covers, the record and the file hash', () => {
    const fs = run([
      entry(1, KIND, '2026-05-31T09:00:00.000Z'),
      entry(3, KIND, '2026-10-01T09:00:00.000Z', { covers: '2026Q3' }),
      entry(4, 'other-kind', '2026-11-20T09:00:00.000Z'),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `Management review attested by ciso@example.com on 2026-10-01 (covers 2026Q3; record #3; minutes.pdf sha256 ${FILE_SHA}); next due 2027-01-01.`,
    ]);
    expect(fs[0]!.controls).toEqual([...check.controls]);
  });

  it('fails when the newest attestation is older than the period', () => {
    const fs = run([entry(2, KIND, '2026-05-31T09:00:00.000Z'), entry(5, 'other-kind', '2026-11-20T09:00:00.000Z')]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `Management review due since 2026-08-31 (every P3M): the latest was attested by ciso@example.com on 2026-05-31 (record #2; minutes.pdf sha256 ${FILE_SHA}).`,
    ]);
  });

  it('fails when it was never attested', () => {
    const fs = run([entry(5, 'other-kind', '2026-11-20T09:00:00.000Z')]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      'Management review has never been attested (due every P3M): record it with assay attest management-review --by EMAIL --file EVIDENCE.',
    ]);
  });

  it('is an error naming the read when the records could not be read', () => {
    const fs = evaluate(check, { scope, missing: { 'attestations.register': recordsFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: evidence records (attestation) failed (records/0000000003.json: not JSON).',
    ]);
  });

  it('takes its period from attestations.kinds (here P6M)', () => {
    const fs = run([entry(2, KIND, '2026-05-31T09:00:00.000Z')], { periods: { [KIND]: 'P6M' } });
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `Management review attested by ciso@example.com on 2026-05-31 (record #2; minutes.pdf sha256 ${FILE_SHA}); next due 2026-11-30.`,
    ]);
  });

  it('is not applicable when attestations are neither configured nor stored', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'attestations.register': {
          kind: 'not_applicable',
          operation: 'evidence records (attestation)',
          message: 'no attestations section in the config and no attestation in the evidence store (assay attest)',
        },
      },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
    expect(messages(fs)).toEqual([
      'Not applicable: no attestations section in the config and no attestation in the evidence store (assay attest).',
    ]);
  });
});

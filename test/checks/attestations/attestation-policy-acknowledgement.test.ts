import { describe, expect, it } from 'vitest';
import check from '../../../checks/attestations/attestation-policy-acknowledgement.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { IMPORT, IMPORT_TEXT, scope, usersFailed } from './attestation-fixtures.js';

const person = (email: string, lastAt: string | null, createdAt = '2024-01-05T09:00:00.000Z') => ({
  email,
  createdAt,
  lastAt,
});
const run = (people: unknown[], publishedOn?: string) =>
  evaluate(check, {
    scope,
    data: {
      'attestations.policyAcknowledgements': {
        import: IMPORT,
        period: 'P7D',
        currentPolicyVersion: '4.0',
        ...(publishedOn ? { publishedOn } : {}),
        people,
      },
    },
  });

describe('attestation-policy-acknowledgement', () => {
  it('passes when everyone due acknowledged the current version; a recent hire or publication is not yet due', () => {
    const fs = run(
      [
        person('ana@example.com', '2026-11-02T00:00:00.000Z'),
        person('new@example.com', null, '2026-11-20T09:00:00.000Z'),
      ],
      '2026-11-01',
    );
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `All 1 active Workspace users due acknowledged policy version 4.0 (1 more due within P7D), per ${IMPORT_TEXT}.`,
    ]);
  });

  it('fails each person past 7 days of joining or of the version’s publication without an acknowledgement', () => {
    const fs = run(
      [person('ana@example.com', null), person('ben@example.com', null, '2026-11-14T09:00:00.000Z')],
      '2026-11-10',
    );
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      `ana@example.com has not acknowledged policy version 4.0: due since 2026-11-17 (${IMPORT_TEXT}).`,
      `ben@example.com has not acknowledged policy version 4.0: due since 2026-11-21 (${IMPORT_TEXT}).`,
    ]);
  });

  it('is an error naming the Workspace users dataset when it is missing', () => {
    const fs = evaluate(check, { scope, missing: { 'attestations.policyAcknowledgements': usersFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: google-workspace.users failed (google-workspace.users of C01 was not collected: directory.users.list: 403 Not Authorized).',
    ]);
  });
});

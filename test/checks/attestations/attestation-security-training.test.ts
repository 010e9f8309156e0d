import { describe, expect, it } from 'vitest';
import check from '../../../checks/attestations/attestation-security-training.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { IMPORT, IMPORT_TEXT, scope, usersFailed } from './attestation-fixtures.js';

const person = (email: string, lastAt: string | null, createdAt = '2024-01-05T09:00:00.000Z', name?: string) => ({
  email,
  ...(name ? { name } : {}),
  createdAt,
  lastAt,
});
const run = (people: unknown[]) =>
  evaluate(check, {
    scope,
    data: { 'attestations.securityTraining': { import: IMPORT, period: 'P1Y', newHireDays: 30, people } },
  });

describe('attestation-security-training', () => {
  it('passes when everyone due completed training within the period, new hires in their grace counted apart', () => {
    const fs = run([
      person('ana@example.com', '2026-02-01T00:00:00.000Z'),
      person('ben@example.com', '2025-12-01T00:00:00.000Z'),
      person('new@example.com', null, '2026-11-10T09:00:00.000Z'),
    ]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `All 2 active Workspace users due completed security awareness training within P1Y (1 hired in the last 30 days not yet due), per ${IMPORT_TEXT}.`,
    ]);
  });

  it('fails each person whose training lapsed or who has none, by name and email', () => {
    const fs = run([
      person('ana@example.com', '2026-02-01T00:00:00.000Z'),
      person('carl@example.com', '2025-10-01T00:00:00.000Z', undefined, 'Carl Doe'),
      person('dana@example.com', null),
    ]);
    expect(statuses(fs)).toEqual(['fail', 'fail']);
    expect(messages(fs)).toEqual([
      `Carl Doe <carl@example.com> last completed security awareness training on 2025-10-01: due since 2026-10-01 (every P1Y; ${IMPORT_TEXT}).`,
      `dana@example.com has no security awareness training on record (account created 2024-01-05) in ${IMPORT_TEXT}.`,
    ]);
    expect(fs.map((f) => f.resource.id)).toEqual(['carl@example.com', 'dana@example.com']);
  });

  it('is an error naming the Workspace users dataset when it is missing', () => {
    const fs = evaluate(check, { scope, missing: { 'attestations.securityTraining': usersFailed } });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: google-workspace.users failed (google-workspace.users of C01 was not collected: directory.users.list: 403 Not Authorized).',
    ]);
  });

  it('is an error when no export was imported', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'attestations.securityTraining': {
          kind: 'error',
          operation: 'assay attest import',
          message:
            'no security-training export is in the evidence store: import one with assay attest import --kind security-training --file export.csv',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: assay attest import failed (no security-training export is in the evidence store: import one with assay attest import --kind security-training --file export.csv).',
    ]);
  });

  it('is not applicable when training is not configured', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'attestations.securityTraining': {
          kind: 'not_applicable',
          operation: 'attestations.training',
          message: 'attestations.training is not configured (no LMS export to check training against)',
        },
      },
    });
    expect(statuses(fs)).toEqual(['not_applicable']);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/people/people-link-conflicts.js';
import { evaluate, statuses } from '../../support/check-harness.js';
import { email, graphFailed, input, scenario } from './people-check-fixtures.js';

describe('people-link-conflicts', () => {
  it('fails an account two people claim', () => {
    const fs = evaluate(check, input(scenario()));
    expect(fs.map((f) => [f.resource.id, f.status, f.message])).toEqual([
      [
        'acme/shared',
        'fail',
        `GitHub account shared in acme is claimed by ${email('dev')} and ${email('ceo')} (mapping: ${email('dev')}, mapping: ${email('ceo')}), so it is linked to nobody.`,
      ],
    ]);
  });

  it('passes without conflicts', () => {
    const fs = evaluate(check, input({ ...scenario(), conflicts: [] }));
    expect(fs.map((f) => [f.status, f.message])).toEqual([
      ['pass', 'None of the 12 accounts is claimed by two people.'],
    ]);
  });

  it('is an error when the identity graph is missing', () => {
    expect(statuses(evaluate(check, graphFailed))).toEqual(['error']);
  });
});

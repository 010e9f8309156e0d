import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/model/check.js';
import { evaluate } from '../support/check-harness.js';

const scope = { kind: 'github-org', id: 'acme' } as const;
const base = {
  title: 'Something holds',
  severity: 'low' as const,
  rationale: 'r',
  remediation: 'm',
  requires: ['github.org'] as const,
  controls: ['iso27001:5.17'] as const,
};
const data = { 'github.org': { login: 'acme', id: 1 } };

describe('runChecks', () => {
  it('turns a check that throws into an error finding naming the check', () => {
    const check = defineCheck({
      ...base,
      id: 'boom',
      evaluate: () => {
        throw new Error('bad index');
      },
    });
    const [f] = evaluate(check, { scope, data });
    expect(f).toMatchObject({
      status: 'error',
      checkId: 'boom',
      message: 'Check boom failed while evaluating: bad index.',
    });
  });

  it('turns a check that returns nothing into an error', () => {
    const check = defineCheck({ ...base, id: 'silent', evaluate: () => [] });
    expect(evaluate(check, { scope, data })[0]).toMatchObject({
      status: 'error',
      message: 'Check silent returned no result.',
    });
  });

  it('reports not_applicable with the reason when the source lacks the feature', () => {
    const check = defineCheck({ ...base, id: 'na', evaluate: () => [] });
    const [f] = evaluate(check, {
      scope,
      missing: {
        'github.org': { kind: 'not_applicable', operation: 'GET /orgs/{org}', message: 'the plan has no such feature' },
      },
    });
    expect(f).toMatchObject({ status: 'not_applicable', message: 'Not applicable: the plan has no such feature.' });
  });

  it('gives findings a key stable across runs and the check version', () => {
    const check = defineCheck({
      ...base,
      id: 'ok',
      version: 3,
      evaluate: () => [{ status: 'pass', resource: { type: 't', id: 'r' }, message: 'Fine.' }],
    });
    expect(evaluate(check, { scope, data })[0]).toMatchObject({
      key: 'ok|github-org:acme|t:r',
      checkVersion: 3,
      controls: ['iso27001:5.17'],
    });
  });
});

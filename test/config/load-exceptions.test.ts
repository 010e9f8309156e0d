import { describe, expect, it } from 'vitest';
import { parseExceptions } from '../../src/config/load-exceptions.js';
import { ConfigError } from '../../src/errors.js';

const rules = {
  approvers: ['ciso@example.com'],
  checkIds: new Set(['aws-iam-root-mfa-enabled', 'github-org-owner-count']),
};

const entry = (over: Record<string, string> = {}) => ({
  id: 'legacy-root',
  check: 'aws-iam-root-mfa-enabled',
  resource: 'arn:aws:iam::111122223333:root',
  justification: 'Account is being closed; root locked in the safe.',
  approvedBy: 'ciso@example.com',
  approvedOn: '2026-03-01',
  expires: '2026-12-31',
  ticket: 'https://tracker.example.com/SEC-12',
  ...over,
});

const yaml = (...entries: object[]) => JSON.stringify({ version: 1, exceptions: entries });

describe('parseExceptions', () => {
  it('accepts a valid register and records the sha256 of its bytes', () => {
    const text = yaml(entry());
    const reg = parseExceptions(text, 'exceptions.yaml', rules);
    expect(reg.entries).toHaveLength(1);
    expect(reg.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the entry and field of every problem: approver, expiry over a year, unknown check, duplicate id', () => {
    const text = yaml(
      entry({ approvedBy: 'intern@example.com' }),
      entry({ id: 'long', approvedOn: '2026-01-10', expires: '2027-06-01' }),
      entry({ id: 'typo', check: 'aws-iam-root-mfa' }),
      entry({ id: 'long' }),
      entry({ id: 'backwards', approvedOn: '2026-05-01', expires: '2026-04-01' }),
    );
    const err = (() => {
      try {
        parseExceptions(text, 'exceptions.yaml', rules);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.split('\n')).toEqual([
      'exceptions.yaml: exceptions[0].approvedBy: intern@example.com is not an approver (exceptions.approvers in the config: ciso@example.com)',
      'exceptions.yaml: exceptions[1].expires: expected at most one year after approvedOn (2027-01-10), got 2027-06-01: renew it after review',
      "exceptions.yaml: exceptions[2].check: no check 'aws-iam-root-mfa' exists (assay checks lists them)",
      "exceptions.yaml: exceptions[3].id: 'long' is already the id of exceptions[1]",
      'exceptions.yaml: exceptions[4].expires: expected a date after approvedOn (2026-05-01), got 2026-04-01',
    ]);
  });

  it('allows exactly one year, including from 29 February', () => {
    expect(() =>
      parseExceptions(yaml(entry({ approvedOn: '2028-02-29', expires: '2029-02-28' })), 'x.yaml', rules),
    ).not.toThrow();
    expect(() =>
      parseExceptions(yaml(entry({ approvedOn: '2028-02-29', expires: '2029-03-01' })), 'x.yaml', rules),
    ).toThrow('expected at most one year after approvedOn (2029-02-28), got 2029-03-01');
  });

  it('refuses a missing expiry and a malformed date with the field named', () => {
    const { expires: _e, ...noExpiry } = entry();
    expect(() => parseExceptions(yaml(noExpiry), 'x.yaml', rules)).toThrow('x.yaml: exceptions[0].expires:');
    expect(() => parseExceptions(yaml(entry({ approvedOn: '1 March' })), 'x.yaml', rules)).toThrow(
      'x.yaml: exceptions[0].approvedOn:',
    );
  });

  it('reports YAML that does not parse', () => {
    expect(() => parseExceptions('exceptions: [', 'x.yaml', rules)).toThrow('x.yaml: not valid YAML');
  });
});

import { describe, expect, it } from 'vitest';
import { applyExceptions } from '../../src/engine/apply-exceptions.js';
import type { RiskException } from '../../src/model/exception.js';
import type { Finding } from '../../src/model/finding.js';

const finding = (resourceId: string, status: Finding['status'], checkId = 'github-org-owner-count'): Finding => ({
  key: `${checkId}|github-org:acme|${resourceId}`,
  checkId,
  checkVersion: 1,
  title: 't',
  status,
  severity: 'high',
  scope: { kind: 'github-org', id: 'acme' },
  resource: { type: 'github-repository', id: resourceId },
  message: 'm',
  observed: {},
  controls: ['iso27001:8.2'],
});

const exception = (over: Partial<RiskException> = {}): RiskException => ({
  id: 'legacy-repos',
  check: 'github-org-owner-count',
  resource: 'legacy-*',
  justification: 'Archived next quarter',
  approvedBy: 'ciso@example.com',
  approvedOn: '2026-06-01',
  expires: '2026-12-31',
  ticket: 'https://tracker.example.com/SEC-1',
  ...over,
});

const register = (...entries: RiskException[]) => ({ file: 'exceptions.yaml', sha256: 'ab', entries });

describe('applyExceptions', () => {
  it('turns a matching failure into excepted, and leaves passes, errors and other resources alone', () => {
    const { findings, record } = applyExceptions(
      [
        finding('legacy-api', 'fail'),
        finding('legacy-web', 'error'),
        finding('core', 'fail'),
        finding('legacy-x', 'pass'),
      ],
      register(exception()),
      new Date('2026-12-07T10:00:00Z'),
    );
    expect(findings.map((f) => f.status)).toEqual(['excepted', 'error', 'fail', 'pass']);
    expect(findings[0]!.exception).toEqual({
      id: 'legacy-repos',
      state: 'in_force',
      approvedBy: 'ciso@example.com',
      expires: '2026-12-31',
      ticket: 'https://tracker.example.com/SEC-1',
    });
    expect(record).toEqual({
      file: 'exceptions.yaml',
      sha256: 'ab',
      inForce: ['legacy-repos'],
      expired: [],
      stale: [],
    });
  });

  it('is in force through its last day, and once expired the failure fails again, marked expired', () => {
    const reg = register(exception());
    expect(
      applyExceptions([finding('legacy-api', 'fail')], reg, new Date('2026-12-31T23:59:00Z')).findings[0]!.status,
    ).toBe('excepted');
    const after = applyExceptions([finding('legacy-api', 'fail')], reg, new Date('2027-01-01T00:00:01Z'));
    expect(after.findings[0]!.status).toBe('fail');
    expect(after.findings[0]!.exception?.state).toBe('expired');
    expect(after.record).toMatchObject({ inForce: [], expired: ['legacy-repos'], stale: [] });
  });

  it('reports an exception in force that matches no failure as stale', () => {
    const { record } = applyExceptions(
      [finding('core', 'fail')],
      register(exception(), exception({ id: 'other', check: 'aws-iam-root-mfa-enabled', resource: '*' })),
      new Date('2026-12-07T00:00:00Z'),
    );
    expect(record.stale).toEqual(['legacy-repos', 'other']);
  });

  it('respects the scope and matches the glob over the whole id, not a part of it', () => {
    const reg = register(
      exception({ scope: 'other-org', resource: 'legacy-*' }),
      exception({ id: 'exact', resource: 'api' }),
    );
    const { findings } = applyExceptions(
      [finding('legacy-api', 'fail'), finding('my-api', 'fail')],
      reg,
      new Date('2026-12-07T00:00:00Z'),
    );
    expect(findings.map((f) => f.status)).toEqual(['fail', 'fail']);
  });

  it('is not in force before its approval date', () => {
    const { findings } = applyExceptions(
      [finding('legacy-api', 'fail')],
      register(exception({ approvedOn: '2026-12-10' })),
      new Date('2026-12-07T00:00:00Z'),
    );
    expect(findings[0]!.status).toBe('fail');
  });
});

import { describe, expect, it } from 'vitest';
import { findingChanges } from '../../src/alerts/finding-change.js';
import { matchesChange } from '../../src/alerts/match-finding.js';
import { FindingMatchSchema } from '../../src/model/config/alerts-config.js';
import { finding } from './finding-fixture.js';

const kinds = (cs: ReturnType<typeof findingChanges>) => cs.map((c) => `${c.kind}:${c.finding.resource.id}`).sort();

describe('findingChanges', () => {
  it('names new, regressed, exception-expired and resolved, and leaves standing failures alone', () => {
    const previous = [
      finding({ id: 'bob', status: 'pass', lifecycle: 'unchanged' }),
      finding({ id: 'carol', lifecycle: 'new' }),
      finding({
        id: 'dave',
        status: 'excepted',
        exception: { id: 'x', state: 'in_force', approvedBy: 'a@b.c', expires: '2026-01-01', ticket: 'https://t/1' },
      }),
      finding({ id: 'erin' }),
    ];
    const now = [
      finding({ id: 'alice', lifecycle: 'new' }),
      finding({ id: 'bob', lifecycle: 'new' }),
      finding({ id: 'carol', lifecycle: 'still_failing' }),
      finding({
        id: 'dave',
        lifecycle: 'new',
        exception: { id: 'x', state: 'expired', approvedBy: 'a@b.c', expires: '2026-01-01', ticket: 'https://t/1' },
      }),
      finding({ id: 'erin', status: 'pass', lifecycle: 'resolved', message: 'Member erin has a second factor.' }),
    ];
    const changes = findingChanges(now, previous, { resolved: [{ ...now[4]! }] });
    expect(kinds(changes)).toEqual(['exception-expired:dave', 'new:alice', 'regressed:bob', 'resolved:erin']);
    expect(changes.find((c) => c.kind === 'resolved')?.finding.message).toBe('Member erin has a second factor.');
  });

  it('skips what an event run already alerted on since the previous scheduled run', () => {
    const f = finding({ id: 'alice', lifecycle: 'new' });
    expect(findingChanges([f], [], { resolved: [] }, new Set([f.key]))).toEqual([]);
  });
});

describe('route matching', () => {
  const m = (over: object) => FindingMatchSchema.parse(over);
  it('filters by minimum severity, source, check glob, control, executive and a field predicate', () => {
    const exec = { kind: 'new' as const, finding: finding({ severity: 'critical', observed: { executive: true } }) };
    const plain = { kind: 'new' as const, finding: finding({ severity: 'medium', id: 'bob' }) };
    expect(matchesChange(m({ minSeverity: 'high' }), exec)).toBe(true);
    expect(matchesChange(m({ minSeverity: 'high' }), plain)).toBe(false);
    expect(matchesChange(m({ sources: ['aws'] }), exec)).toBe(false);
    expect(matchesChange(m({ sources: ['github'], checks: ['github-members-*'] }), exec)).toBe(true);
    expect(matchesChange(m({ controls: ['iso27001:8.*'] }), plain)).toBe(true);
    expect(matchesChange(m({ controls: ['iso42001:*'] }), plain)).toBe(false);
    expect(matchesChange(m({ executive: true }), exec)).toBe(true);
    expect(matchesChange(m({ executive: true }), plain)).toBe(false);
    expect(matchesChange(m({ where: { 'resource.id': 'bob' } }), plain)).toBe(true);
    expect(matchesChange(m({ where: { 'observed.executive': true } }), plain)).toBe(false);
  });

  it('takes resolutions only where the route asks for them, and errors only where statuses say so', () => {
    const resolved = { kind: 'resolved' as const, finding: finding({ status: 'pass' }) };
    expect(matchesChange(m({}), resolved)).toBe(false);
    expect(matchesChange(m({ changes: ['resolved'] }), resolved)).toBe(true);
    const err = { kind: 'new' as const, finding: finding({ status: 'error' }) };
    expect(matchesChange(m({}), err)).toBe(false);
    expect(matchesChange(m({ statuses: ['fail', 'error'] }), err)).toBe(true);
  });
});

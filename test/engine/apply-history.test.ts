import { describe, expect, it } from 'vitest';
import { applyHistory, summarizeChanges } from '../../src/engine/apply-history.js';
import type { Finding } from '../../src/model/finding.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const EARLIER = '2026-11-20T12:00:00.000Z';
const f = (resource: string, status: Finding['status'], extra: Partial<Finding> = {}): Finding => ({
  key: `c|github-org:acme|u:${resource}`,
  checkId: 'c',
  checkVersion: 1,
  title: 't',
  status,
  severity: 'high',
  scope: { kind: 'github-org', id: 'acme' },
  resource: { type: 'u', id: resource },
  message: 'm',
  observed: {},
  controls: [],
  ...extra,
});

describe('history', () => {
  it('marks new, still failing (keeping firstSeen) and resolved findings', () => {
    const previous = [f('a', 'fail', { firstSeen: EARLIER }), f('b', 'fail', { firstSeen: EARLIER }), f('c', 'pass')];
    const now = applyHistory([f('a', 'fail'), f('b', 'pass'), f('c', 'pass'), f('d', 'fail')], { previous, now: NOW });
    expect(now.map((x) => [x.resource.id, x.lifecycle, x.firstSeen])).toEqual([
      ['a', 'still_failing', EARLIER],
      ['b', 'resolved', undefined],
      ['c', 'unchanged', undefined],
      ['d', 'new', NOW.toISOString()],
    ]);
    const changes = summarizeChanges(now, previous);
    expect(changes.new.map((x) => x.resource.id)).toEqual(['d']);
    expect(changes.resolved.map((x) => x.resource.id)).toEqual(['b']);
    expect(changes.stillFailing).toBe(1);
  });

  it('counts a vanished failing resource as resolved only where the check evaluated this time', () => {
    const previous = [f('gone', 'fail')];
    const evaluated = applyHistory([f('other', 'pass')], { previous, now: NOW });
    expect(summarizeChanges(evaluated, previous).resolved.map((x) => x.resource.id)).toEqual(['gone']);
    const couldNotEvaluate = applyHistory([f('acme', 'error')], { previous, now: NOW });
    expect(summarizeChanges(couldNotEvaluate, previous).resolved).toEqual([]);
  });
});

describe('history, an excepted failure', () => {
  it('is still failing in the next run (firstSeen kept, not new again), and resolved once it passes', () => {
    const previous = [f('a', 'excepted', { firstSeen: EARLIER }), f('b', 'excepted', { firstSeen: EARLIER })];
    const now = applyHistory([f('a', 'fail'), f('b', 'pass')], { previous, now: NOW });
    expect(now.map((x) => [x.resource.id, x.lifecycle, x.firstSeen])).toEqual([
      ['a', 'still_failing', EARLIER],
      ['b', 'resolved', undefined],
    ]);
    expect(summarizeChanges(now, previous).new).toEqual([]);
  });
});

describe('history, a failure that became not applicable', () => {
  it('is not counted as resolved', () => {
    const now = applyHistory([f('a', 'not_applicable')], { previous: [f('a', 'fail')], now: NOW });
    expect(now[0]!.lifecycle).toBe('unchanged');
    expect(summarizeChanges(now, [f('a', 'fail')]).resolved).toEqual([]);
  });
});

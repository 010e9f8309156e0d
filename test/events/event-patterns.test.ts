import { describe, expect, it } from 'vitest';
import { eventPatterns } from '../../src/events/event-patterns.js';
import {
  adminPolicyAttached,
  breakGlassAssumed,
  loggingStopped,
  rootConsoleSignIn,
  userCreated,
} from './eventbridge-fixtures.js';

/** EventBridge matching for the pattern forms assay uses: value lists, nested objects, `wildcard`. */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern))
    return pattern.some((p) =>
      typeof p === 'object' && p !== null && 'wildcard' in p
        ? new RegExp(
            `^${(p as { wildcard: string }).wildcard
              .split('*')
              .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
              .join('.*')}$`,
          ).test(String(value))
        : p === value,
    );
  if (typeof pattern === 'object' && pattern !== null)
    return Object.entries(pattern).every(
      ([k, p]) => typeof value === 'object' && value !== null && matches(p, (value as Record<string, unknown>)[k]),
    );
  return false;
}
const anyRule = (e: unknown, roles: string[]) =>
  eventPatterns(roles)
    .filter((r) => matches(r.pattern, e))
    .map((r) => r.name);

describe('EventBridge patterns for the event path', () => {
  it('catch each recorded event the event checks read, and nothing else', () => {
    expect(anyRule(breakGlassAssumed, ['BreakGlass'])).toEqual(['assay-break-glass']);
    expect(anyRule(rootConsoleSignIn, [])).toEqual(['assay-console-sign-in']);
    expect(anyRule(adminPolicyAttached, [])).toEqual(['assay-iam-changes']);
    expect(anyRule(loggingStopped, [])).toEqual(['assay-cloudtrail-tampering']);
    expect(anyRule(userCreated, ['BreakGlass'])).toEqual([]);
  });

  it('match break-glass roles by name in any account, or by exact ARN, and only those', () => {
    expect(anyRule(breakGlassAssumed, ['OtherRole'])).toEqual([]);
    expect(anyRule(breakGlassAssumed, ['arn:aws:iam::111122223333:role/BreakGlass'])).toEqual(['assay-break-glass']);
    expect(eventPatterns([]).map((r) => r.name)).not.toContain('assay-break-glass');
  });
});

import type { AnyCheck, CheckResult } from '../model/check.js';
import { scopeResource } from '../model/check.js';
import { collectorOf } from '../model/datasets/index.js';
import { findingKey, type Finding } from '../model/finding.js';
import { scopeKey, type Scope } from '../model/scope.js';
import type { MissingDataset, Snapshot } from '../model/snapshot.js';

export interface PreparedCheck {
  check: AnyCheck;
  params: unknown;
}

/**
 * Evaluates every check against every scope its data covers. A check whose data is missing reports
 * `error` (or `not_applicable` when the source lacks the feature), naming the operation: never `pass`.
 */
export function runChecks(checks: readonly PreparedCheck[], snapshots: readonly Snapshot[], now: Date): Finding[] {
  const byScope = new Map<string, Map<string, Snapshot>>();
  for (const s of snapshots) {
    const k = scopeKey(s.scope);
    if (!byScope.has(k)) byScope.set(k, new Map());
    byScope.get(k)!.set(s.collector, s);
  }
  const findings: Finding[] = [];
  for (const { check, params } of checks) {
    const primary = collectorOf(check.requires[0]!);
    for (const group of byScope.values()) {
      const anchor = group.get(primary);
      if (!anchor) continue;
      findings.push(...evaluateScope(check, params, anchor.scope, group, now));
    }
  }
  return findings;
}

/**
 * {@link runChecks} over one scope at a time: `groups` load each scope's snapshots (from the store) when it is its
 * turn, so only one scope is in memory. Findings come in the same order as {@link runChecks}': by check, then scope.
 */
export async function runChecksByScope(
  checks: readonly PreparedCheck[],
  groups: ReadonlyArray<() => Promise<readonly Snapshot[]>>,
  now: Date,
): Promise<Finding[]> {
  const parts: Array<{ check: number; group: number; findings: Finding[] }> = [];
  for (const [g, load] of groups.entries()) {
    const group = new Map<string, Snapshot>();
    for (const s of await load()) group.set(s.collector, s);
    for (const [c, { check, params }] of checks.entries()) {
      const anchor = group.get(collectorOf(check.requires[0]!));
      if (anchor) parts.push({ check: c, group: g, findings: evaluateScope(check, params, anchor.scope, group, now) });
    }
  }
  parts.sort((a, b) => a.check - b.check || a.group - b.group);
  return parts.flatMap((p) => p.findings);
}

function evaluateScope(
  check: AnyCheck,
  params: unknown,
  scope: Scope,
  group: Map<string, Snapshot>,
  now: Date,
): Finding[] {
  const data: Record<string, unknown> = {};
  const gaps: Array<MissingDataset & { dataset: string }> = [];
  for (const key of check.requires) {
    const snap = group.get(collectorOf(key));
    if (snap && key in snap.data) data[key] = snap.data[key];
    else if (snap?.missing[key]) gaps.push({ dataset: key, ...snap.missing[key] });
    else
      gaps.push({
        dataset: key,
        kind: 'error',
        operation: collectorOf(key),
        message: `no ${collectorOf(key)} snapshot for this scope`,
      });
  }
  const resource = scopeResource(scope, scope.kind);
  if (gaps.length > 0) {
    const errors = gaps.filter((g) => g.kind === 'error');
    const shown = errors.length > 0 ? errors : gaps;
    const ops = [...new Set(shown.map((g) => g.operation))];
    const message =
      errors.length > 0
        ? `Could not evaluate: ${ops.join(', ')} failed (${shown[0]!.message.replace(/\.$/, '')}).`
        : `Not applicable: ${shown[0]!.message.replace(/\.$/, '')}.`;
    return [
      toFinding(check, scope, {
        status: errors.length > 0 ? 'error' : 'not_applicable',
        resource,
        message,
        observed: {
          missing: shown.map((g) => ({
            dataset: g.dataset,
            operation: g.operation,
            status: g.status,
            message: g.message,
          })),
        },
      }),
    ];
  }
  let results: CheckResult[];
  try {
    results = check.evaluate(data as never, { now, scope, params });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return [
      toFinding(check, scope, {
        status: 'error',
        resource,
        message: `Check ${check.id} failed while evaluating: ${why}.`,
      }),
    ];
  }
  if (results.length === 0) {
    return [toFinding(check, scope, { status: 'error', resource, message: `Check ${check.id} returned no result.` })];
  }
  return results.map((r) => toFinding(check, scope, r));
}

function toFinding(check: AnyCheck, scope: Scope, r: CheckResult): Finding {
  return {
    key: findingKey(check.id, scopeKey(scope), `${r.resource.type}:${r.resource.id}`),
    checkId: check.id,
    checkVersion: check.version,
    title: check.title,
    status: r.status,
    severity: r.severity ?? check.severity,
    scope,
    resource: r.resource,
    message: r.message,
    observed: r.observed ?? {},
    controls: r.controls ? check.controls.filter((c) => r.controls?.includes(c)) : [...check.controls],
  };
}

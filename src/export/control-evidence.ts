import type { Control, ControlRef } from '../model/control.js';
import { controlRef } from '../model/control.js';
import type { Finding } from '../model/finding.js';
import { scopeKey } from '../model/scope.js';
import { isoControlReference } from '../reports/iso-control-reference.js';
import type { PeriodRun, StoredSnapshot } from './period-runs.js';
import { seededSample, type SampleSpec } from './seeded-sample.js';
import { snapshotExcerpt, type DatasetExcerpt } from './snapshot-excerpt.js';

/** What the bundle needs of a check. */
export interface BundleCheck {
  id: string;
  title: string;
  controls: readonly string[];
  requires: readonly string[];
}

export interface Occurrence {
  runId: string;
  sequence: number;
  finding: Finding;
  /** The finding's line as its run stored it. */
  line: string;
}

/** The evidence one snapshot gives for one finding in one run. */
export interface FindingExcerpt {
  runId: string;
  findingKey: string;
  status: Finding['status'];
  snapshot: { path: string; sha256: string; collector: string; collectedAt: string };
  datasets: DatasetExcerpt[];
}

export interface ControlEvidence {
  control: Control;
  ref: ControlRef;
  annexA: string;
  checks: string[];
  /** Distinct findings (by key) about the control in the period: the population a sample is drawn from. */
  population: number;
  /** Every occurrence of the findings kept (all, or the sample). */
  occurrences: Occurrence[];
  excerpts: FindingExcerpt[];
}

/** The findings of one control over the period, sampled by finding key when a sample is asked for. */
export function controlOccurrences(
  control: Control,
  checks: readonly BundleCheck[],
  runs: readonly PeriodRun[],
  sample: SampleSpec | undefined,
): Omit<ControlEvidence, 'excerpts'> {
  const ref = controlRef(control);
  const all = runs.flatMap((r) =>
    r.findings
      .map((finding, i) => ({ runId: r.manifest.runId, sequence: r.manifest.sequence, finding, line: r.lines[i]! }))
      .filter((o) => o.finding.controls.includes(ref)),
  );
  const keys = [...new Set(all.map((o) => o.finding.key))].sort();
  const kept = new Set(sample ? seededSample(keys, sample, ref, (k) => k) : keys);
  return {
    control,
    ref,
    annexA: isoControlReference(ref).annexA,
    checks: checks.filter((c) => c.controls.includes(ref)).map((c) => c.id),
    population: keys.length,
    occurrences: all.filter((o) => kept.has(o.finding.key)),
  };
}

/**
 * Which occurrences get an excerpt: for each finding and each status it had in the period, its latest run with that
 * status (a finding that failed and then passed is shown both ways, once each).
 */
export function excerptTargets(occurrences: readonly Occurrence[]): Occurrence[] {
  const latest = new Map<string, Occurrence>();
  for (const o of occurrences) {
    const id = `${o.finding.key}\u0000${o.finding.status}`;
    const seen = latest.get(id);
    if (!seen || seen.sequence < o.sequence) latest.set(id, o);
  }
  return [...latest.values()].sort((a, b) => a.sequence - b.sequence || a.finding.key.localeCompare(b.finding.key));
}

/** The excerpts of one occurrence: from every snapshot of its run about the finding's scope that holds its data. */
export function excerptsOf(
  o: Occurrence,
  snapshots: readonly StoredSnapshot[],
  requires: readonly string[] | undefined,
  sample: SampleSpec | undefined,
): FindingExcerpt[] {
  const scope = scopeKey(o.finding.scope);
  return snapshots
    .filter((s) => scopeKey(s.snapshot.scope) === scope)
    .map((s) => {
      const datasets = requires ?? [...Object.keys(s.snapshot.data), ...Object.keys(s.snapshot.missing)];
      return {
        runId: o.runId,
        findingKey: o.finding.key,
        status: o.finding.status,
        snapshot: {
          path: s.path,
          sha256: s.sha256,
          collector: s.snapshot.collector,
          collectedAt: s.snapshot.collectedAt,
        },
        datasets: snapshotExcerpt(o.finding, s.snapshot, datasets, sample),
      };
    })
    .filter((e) => e.datasets.length > 0);
}

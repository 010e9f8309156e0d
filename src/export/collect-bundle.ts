import { EvidenceError } from '../errors.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { sha256Hex } from '../evidence/manifest-codec.js';
import type { Control, Framework } from '../model/control.js';
import { controlRef } from '../model/control.js';
import type { RiskException } from '../model/exception.js';
import type { StoredRecord } from '../model/record.js';
import {
  controlOccurrences,
  excerptsOf,
  excerptTargets,
  type BundleCheck,
  type ControlEvidence,
  type FindingExcerpt,
} from './control-evidence.js';
import { readPeriodRuns, readSnapshots, type PeriodRun } from './period-runs.js';
import type { SampleSpec } from './seeded-sample.js';

export interface BundleRequest {
  framework: Framework;
  /** A catalog control id of the framework (`8.5`, `A.6.2.6`); all of the framework's when absent. */
  control?: string;
  from: Date;
  to: Date;
  sample?: SampleSpec;
}

export interface Attestation {
  record: StoredRecord;
  bytes: Uint8Array;
  files: { name: string; bytes: Uint8Array }[];
  /** The control references the record bears on (its `data.controls`, or its kind's attestation check's). */
  controls?: string[];
}

export interface ExceptionInForce {
  entry: RiskException;
  runs: number;
  first: string;
  last: string;
}

export interface BundleData {
  request: BundleRequest;
  runs: PeriodRun[];
  controls: ControlEvidence[];
  attestations: Attestation[];
  exceptions: ExceptionInForce[];
}

/**
 * The controls a record names in `data.controls`, or else those of the check of its kind (`attestation-<kind>`, the
 * attestation checks' naming); `undefined` when neither says.
 */
function recordControls(r: StoredRecord, checks: readonly BundleCheck[]): string[] | undefined {
  const data = (r.data ?? {}) as { controls?: unknown; kind?: unknown };
  if (Array.isArray(data.controls) && data.controls.every((x) => typeof x === 'string')) return data.controls;
  const kind = typeof data.kind === 'string' ? data.kind : undefined;
  const check = kind === undefined ? undefined : checks.find((c) => c.id === `attestation-${kind}`);
  return check ? [...check.controls] : undefined;
}

/** Attestations recorded up to the period's end that bear on one of the controls, or on none known (shown for all). */
async function attestations(
  store: EvidenceStore,
  checks: readonly BundleCheck[],
  refs: ReadonlySet<string>,
  to: Date,
): Promise<Attestation[]> {
  const out: Attestation[] = [];
  for (const record of await store.records.list('attestation')) {
    if (Date.parse(record.at) > to.getTime()) continue;
    const controls = recordControls(record, checks);
    if (controls && !controls.some((c) => refs.has(c))) continue;
    const bytes = await store.blobs.get(record.key);
    if (sha256Hex(bytes) !== record.sha256)
      throw new EvidenceError(`${record.key}: changed while it was read`, { code: 'invalid' });
    const files = [];
    for (const f of record.files) files.push({ name: f.name, bytes: await store.records.readFile(f) });
    out.push({ record, bytes, files, ...(controls ? { controls } : {}) });
  }
  return out;
}

/** Exceptions in force in any run of the period whose check bears on one of the controls. */
function exceptionsInForce(runs: readonly PeriodRun[], checks: ReadonlySet<string>): ExceptionInForce[] {
  const byId = new Map<string, ExceptionInForce>();
  for (const run of runs) {
    const inForce = new Set(run.manifest.exceptions?.inForce ?? []);
    for (const entry of run.exceptions.filter((e) => inForce.has(e.id) && checks.has(e.check))) {
      const seen = byId.get(entry.id);
      const at = run.manifest.startedAt;
      byId.set(
        entry.id,
        seen ? { ...seen, entry, runs: seen.runs + 1, last: at } : { entry, runs: 1, first: at, last: at },
      );
    }
  }
  return [...byId.values()].sort((a, b) => a.entry.id.localeCompare(b.entry.id));
}

/**
 * Everything a bundle holds, read from the store: the period's runs (hash-checked against their manifests), each
 * control's findings and their snapshot excerpts, the attestations and the exceptions in force.
 */
export async function collectBundle(
  store: EvidenceStore,
  catalog: readonly Control[],
  checks: readonly BundleCheck[],
  request: BundleRequest,
): Promise<BundleData> {
  const runs = await readPeriodRuns(store, request.from, request.to);
  const chosen = catalog.filter(
    (c) => c.framework === request.framework && (request.control === undefined || c.id === request.control),
  );
  const controls = chosen.map((c) => ({
    ...controlOccurrences(c, checks, runs, request.sample),
    excerpts: [] as FindingExcerpt[],
  }));
  const requires = new Map(checks.map((c) => [c.id, c.requires]));
  const targets = controls.flatMap((c) => excerptTargets(c.occurrences).map((o) => ({ c, o })));
  for (const run of runs) {
    const mine = targets.filter((t) => t.o.runId === run.manifest.runId);
    if (mine.length === 0) continue;
    const snapshots = await readSnapshots(store, run.manifest);
    for (const { c, o } of mine)
      c.excerpts.push(...excerptsOf(o, snapshots, requires.get(o.finding.checkId), request.sample));
  }
  const refs = new Set<string>(chosen.map((c) => controlRef(c)));
  const relevantChecks = new Set(checks.filter((c) => c.controls.some((r) => refs.has(r))).map((c) => c.id));
  return {
    request,
    runs,
    controls,
    attestations: await attestations(store, checks, refs, request.to),
    exceptions: exceptionsInForce(runs, relevantChecks),
  };
}

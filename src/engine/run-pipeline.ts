import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { AnyCheck } from '../model/check.js';
import type { Collector } from '../model/collector.js';
import { FindingSchema, type Finding } from '../model/finding.js';
import type { CollectorRun, Manifest, RunSummary } from '../model/run.js';
import type { ExceptionsRecord } from '../model/exception.js';
import type { ExceptionRegister } from '../config/load-exceptions.js';
import { applyExceptions } from './apply-exceptions.js';
import type { Snapshot } from '../model/snapshot.js';
import { checkSecretReferences, type Config } from '../config/load-config.js';
import type { EvidenceStore, RunWriter } from '../evidence/evidence-store.js';
import { newRunId } from '../evidence/run-id.js';
import { FINDINGS_PATH } from '../evidence/store-layout.js';
import { renderHtmlReport } from '../reports/html-report.js';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { peopleGraphOf, peopleSections } from '../reports/people-tables.js';
import { deliverySection } from '../reports/delivery-table.js';
import { runCollectors, type CollectorJob, type RunCollectorsOptions } from './run-collectors.js';
import { previousSnapshotReader } from './previous-snapshots.js';
import { runChecksByScope } from './run-checks.js';
import { RunSnapshots } from './run-snapshots.js';
import { sha256Hex } from '../evidence/manifest-codec.js';
import { prepareChecks } from './prepare-checks.js';
import { applyHistory, summarizeChanges, type FindingChanges, type FindingProcessor } from './apply-history.js';
import { snapshotPath } from './snapshot-path.js';
import { anchorRecords } from '../evidence/record-anchor.js';
import { derivationJobs } from './derivation-jobs.js';
import { ORGANIZATION_SCOPE, type Derivation } from '../model/derivation.js';
import { keysAlertedByEvents, lastScheduledRun } from '../events/scheduled-base.js';
import { runNotifier, type Notifier } from '../alerts/run-notifier.js';

export interface PipelineDeps {
  collectors: ReadonlyMap<string, Collector>;
  checks: ReadonlyMap<string, AnyCheck>;
  store: EvidenceStore;
  log: Logger;
  clock?: () => Date;
  toolVersion: string;
  /** Steps between checks and the store, after history. */
  processors?: FindingProcessor[];
  /** The exceptions register to apply, last: matching failures become `excepted`. */
  exceptions?: ExceptionRegister;
  /** Datasets derived after collection from every snapshot and the store's records. */
  derivations?: readonly Derivation[];
  /** Alerts and tickets, once findings are final, inside the commit (why: src/alerts/run-notifier.ts); default: the config's. */
  notify?: Notifier;
  /** A run begun elsewhere: the sharded flow's shards stored their snapshots under this id (src/engine/sharded-run.ts). */
  run?: { runId: string; startedAt: Date };
  /** Replaces collection with reading what the shards stored; `writer` lists their other files in the manifest. */
  collect?: (
    opts: Omit<RunCollectorsOptions, 'jobs'>,
    writer: RunWriter,
  ) => Promise<{ snapshots: Snapshot[]; runs: CollectorRun[] }>;
}

export interface RunResult {
  runId: string;
  manifest: Manifest;
  findings: Finding[];
  /** The run's snapshots, read back from the store (a run does not keep them in memory). */
  loadSnapshots(): Promise<Snapshot[]>;
  /** Evaluating the checks, reading each scope's snapshots back included. */
  checkMs: number;
  changes: FindingChanges;
}

/** One run: collect → check → history → store (manifest last) → report. */
export async function runPipeline(config: Config, deps: PipelineDeps): Promise<RunResult> {
  const clock = deps.clock ?? (() => new Date());
  const { store, log } = deps;
  const startedAt = deps.run?.startedAt ?? clock();
  const runId = deps.run?.runId ?? newRunId(startedAt);
  const checks = prepareChecks(config, deps.checks);
  checkSecretReferences(config);
  // Where incremental reads resume; history is computed at commit, against the manifest this run follows.
  const head = await store.checkReady();
  // Event runs (src/events) hold one event and no cursors: reads resume from the last scheduled run.
  const base = (await lastScheduledRun(store, head)).head;
  const jobs: CollectorJob[] = [...deps.collectors.values()]
    .filter((c) => config.sources[c.source as keyof Config['sources']] !== undefined)
    .map((c) => ({ collector: c, config: config.sources[c.source as keyof Config['sources']] }));

  const writer = store.beginRun(runId, startedAt);
  const stored = new RunSnapshots((path) => store.readArtifact(runId, path));
  log.info({ runId, collectors: jobs.map((j) => j.collector.id), checks: checks.length }, 'run started');

  const collecting = {
    concurrency: config.run.concurrency,
    timeoutMs: config.run.collectorTimeoutSeconds * 1000,
    log,
    now: clock,
    resolveSecret: config.resolveSecret,
    ...(base
      ? {
          previousCursors: Object.fromEntries(base.manifest.collectors.map((c) => [c.collector, c.cursors])),
          previousSnapshot: previousSnapshotReader(store, base.manifest, log),
        }
      : {}),
    // Stored as soon as collected, then released: later steps read them back one scope at a time (run-snapshots.ts).
    retain: false,
    onSnapshot: async (s: Snapshot) => {
      const path = snapshotPath(s);
      const body = gzipSync(JSON.stringify(s));
      stored.add(s, { path, sha256: sha256Hex(body) });
      await writer.add(path, body, 'application/gzip');
    },
  };
  const { runs } = deps.collect ? await deps.collect(collecting, writer) : await runCollectors({ jobs, ...collecting });
  // Derived datasets (the identity graph, the attestations in force) read what was collected, so they come after.
  if (deps.derivations && deps.derivations.length > 0) {
    const derivations = await runCollectors({
      ...collecting,
      jobs: await derivationJobs(deps.derivations, config, stored, store),
    });
    runs.push(...derivations.runs);
  }

  const checksStarted = performance.now();
  const evaluated = (
    await runChecksByScope(
      checks,
      stored.byScope().map((refs) => () => stored.loadAll(refs)),
      startedAt,
    )
  ).map((f) => FindingSchema.parse(f));
  const checkMs = Math.round(performance.now() - checksStarted);
  // The derived datasets (the identity graph) feed the alerts' people and the report's tables.
  const derived = await stored.loadAll(
    stored.all.filter((r) => r.scope.kind === 'global' && r.scope.id === ORGANIZATION_SCOPE.id),
  );
  // Filled in at commit, once the run knows the manifest it follows.
  let outcome: { findings: Finding[]; changes: FindingChanges; summary: RunSummary } = {
    findings: evaluated,
    changes: summarizeChanges([], []),
    summary: summarize([]),
  };
  const { manifest } = await writer.commitAfter(async (previousHead) => {
    const scheduled = await lastScheduledRun(store, previousHead);
    const previous = scheduled.head ? ((await store.readFindingsOf(scheduled.head.manifest)) as Finding[]) : [];
    let findings = evaluated;
    for (const step of [applyHistory, ...(deps.processors ?? [])])
      findings = step(findings, { previous, now: startedAt });
    let exceptions: ExceptionsRecord | undefined;
    if (deps.exceptions) ({ findings, record: exceptions } = applyExceptions(findings, deps.exceptions, startedAt));
    const changes = summarizeChanges(findings, previous);
    const summary = summarize(findings);
    const notify = deps.notify ?? runNotifier({ config, records: store.records, log });
    const deliveries = notify
      ? await notify({
          runId,
          mode: 'scheduled',
          findings,
          previous,
          changes,
          alreadyAlerted: await keysAlertedByEvents(store, scheduled.eventRuns),
          people: peopleGraphOf(derived),
        })
      : [];
    const records = await anchorRecords(store.records, previousHead?.manifest);
    outcome = { findings, changes, summary };
    const finishedAt = clock();
    const html = renderHtmlReport({
      runId,
      startedAt,
      finishedAt,
      findings,
      collectors: runs,
      changes,
      toolVersion: deps.toolVersion,
      sections: [...peopleSections(derived, startedAt), ...deliverySection(deliveries)],
      previous,
      checks: checks.map((c) => c.check),
      controls: controlCatalog,
    });
    return {
      artifacts: [
        {
          path: FINDINGS_PATH,
          body: Buffer.from(findings.map((f) => JSON.stringify(f)).join('\n') + '\n'),
          mediaType: 'application/x-ndjson',
        },
        { path: 'changes.json', body: Buffer.from(JSON.stringify(changes, null, 2)), mediaType: 'application/json' },
        { path: 'report.html', body: Buffer.from(html), mediaType: 'text/html' },
        ...(deps.exceptions && exceptions
          ? [
              {
                path: 'exceptions.json',
                body: Buffer.from(JSON.stringify({ ...exceptions, entries: deps.exceptions.entries }, null, 2)),
                mediaType: 'application/json',
              },
            ]
          : []),
      ],
      fields: {
        finishedAt: finishedAt.toISOString(),
        tool: { name: 'assay', version: deps.toolVersion },
        configDigest: config.digest,
        collectors: runs,
        summary,
        ...(exceptions ? { exceptions } : {}),
        ...(records ? { records } : {}),
        ...(deliveries.length ? { deliveries } : {}),
      },
    };
  });
  log.info({ runId, sequence: manifest.sequence, ...outcome.summary }, 'run stored');
  return {
    runId,
    manifest,
    findings: outcome.findings,
    loadSnapshots: () => stored.loadAll(),
    checkMs,
    changes: outcome.changes,
  };
}

function summarize(findings: readonly Finding[]): RunSummary {
  const n = (s: Finding['status']) => findings.filter((f) => f.status === s).length;
  return {
    pass: n('pass'),
    fail: n('fail'),
    error: n('error'),
    not_applicable: n('not_applicable'),
    excepted: n('excepted'),
  };
}

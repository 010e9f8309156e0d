import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.js';
import type { Config } from '../config/load-config.js';
import type { ExceptionRegister } from '../config/load-exceptions.js';
import type { AnyCheck } from '../model/check.js';
import { FindingSchema, type Finding } from '../model/finding.js';
import type { Manifest, RunSummary } from '../model/run.js';
import type { Snapshot } from '../model/snapshot.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { newRunId } from '../evidence/run-id.js';
import { FINDINGS_PATH } from '../evidence/store-layout.js';
import { anchorRecords } from '../evidence/record-anchor.js';
import { prepareChecks } from '../engine/prepare-checks.js';
import { runChecks } from '../engine/run-checks.js';
import { applyHistory, summarizeChanges } from '../engine/apply-history.js';
import { renderHtmlReport } from '../reports/html-report.js';
import { deliverySection } from '../reports/delivery-table.js';
import { applyExceptions } from '../engine/apply-exceptions.js';
import { previousSnapshotReader } from '../engine/previous-snapshots.js';
import { snapshotPath } from '../engine/snapshot-path.js';
import { runNotifier, type Notifier } from '../alerts/run-notifier.js';
import { cloudTrailEventOf, parseEventBridgeEvent } from './eventbridge-event.js';
import { eventDatasets } from './event-datasets.js';
import { lastScheduledRun } from './scheduled-base.js';
import { claimEvent } from './event-claim.js';

export interface EventRunDeps {
  checks: ReadonlyMap<string, AnyCheck>;
  store: EvidenceStore;
  log: Logger;
  toolVersion: string;
  clock?: () => Date;
  exceptions?: ExceptionRegister;
  /** Default: the config's alerts and tickets. */
  notify?: Notifier;
}

export type EventRunResult =
  { skipped: string } | { runId: string; manifest: Manifest; findings: Finding[]; eventId: string; eventName: string };

const summarize = (fs: readonly Finding[]): RunSummary => {
  const n = (s: Finding['status']) => fs.filter((f) => f.status === s).length;
  return {
    pass: n('pass'),
    fail: n('fail'),
    error: n('error'),
    not_applicable: n('not_applicable'),
    excepted: n('excepted'),
  };
};

/**
 * One EventBridge CloudTrail event, judged at once by the event checks the scheduled run uses (on the same trimmed
 * event shape) and stored as a small run of its own in the same chain, marked `mode: 'event'`, with its alerts and
 * tickets. A check that also needs IAM's view (the admin-grant check) reads the account's aws-iam snapshot of the
 * last scheduled run; without one it reports `error`, never a pass. An event no check reads stores nothing.
 */
export async function runEvent(config: Config, raw: unknown, deps: EventRunDeps): Promise<EventRunResult> {
  const envelope = parseEventBridgeEvent(raw);
  const aws = config.sources.aws;
  if (!aws) throw new ConfigError(`${config.file}: sources.aws: expected the AWS source for CloudTrail events`);
  const event = cloudTrailEventOf(envelope);
  const data = eventDatasets(event, envelope.account, aws.cloudtrail.breakGlassRoles);
  const keys = new Set(Object.keys(data));
  const checks = prepareChecks(config, deps.checks).filter((c) => keys.has(c.check.requires[0] as string));
  if (checks.length === 0) {
    deps.log.info({ eventId: event.eventId, eventName: event.eventName }, 'no event check reads this event');
    return { skipped: `no event check reads ${event.eventName}` };
  }
  const clock = deps.clock ?? (() => new Date());
  const startedAt = clock();
  const runId = newRunId(startedAt);
  const scope = { kind: 'aws-account' as const, id: envelope.account };
  const head = await deps.store.checkReady();
  const { timing } = deps.store;
  const claim = await claimEvent(
    deps.store.blobs,
    { eventId: event.eventId, envelopeId: envelope.id, runId, claimedAt: timing.now().toISOString() },
    timing,
  );
  if (claim.kind === 'done') {
    deps.log.info(
      { eventId: event.eventId, envelopeId: envelope.id, runId: claim.runId },
      'event already stored (EventBridge delivers at least once): skipped',
    );
    return { skipped: `event ${event.eventId} was already stored by event run ${claim.runId}` };
  }
  try {
    return await judge();
  } catch (e) {
    // Failed here, in-process: the next delivery takes the event over at once instead of waiting for it to go stale.
    await claim.release();
    throw e;
  }

  async function judge(): Promise<EventRunResult> {
    const base = (await lastScheduledRun(deps.store, head)).head;
    const snapshot: Snapshot = {
      schemaVersion: 1,
      collector: 'aws-cloudtrail',
      source: 'aws',
      scope,
      startedAt: startedAt.toISOString(),
      collectedAt: startedAt.toISOString(),
      calls: [],
      data,
      missing: {},
    };
    const snapshots: Snapshot[] = [snapshot];
    if (base && checks.some((c) => c.check.requires.some((k) => k.startsWith('aws-iam.')))) {
      const iam = await previousSnapshotReader(deps.store, base.manifest, deps.log)('aws-iam', scope);
      if (iam) snapshots.push(iam);
    }
    let findings = runChecks(checks, snapshots, startedAt).map((f) => FindingSchema.parse(f));
    findings = applyHistory(findings, { previous: [], now: startedAt });
    const exceptions = deps.exceptions ? applyExceptions(findings, deps.exceptions, startedAt) : undefined;
    if (exceptions) findings = exceptions.findings;

    const writer = deps.store.beginRun(runId, startedAt);
    await writer.add(snapshotPath(snapshot), gzipSync(JSON.stringify(snapshot)), 'application/gzip');
    const { manifest } = await writer.commitAfter(async (previousHead) => {
      const notify = deps.notify ?? runNotifier({ config, records: deps.store.records, log: deps.log });
      const deliveries = notify
        ? await notify({ runId, mode: 'event', findings, previous: [], changes: { resolved: [] } })
        : [];
      const records = await anchorRecords(deps.store.records, previousHead?.manifest);
      const finishedAt = clock();
      const collectors = [
        {
          collector: 'aws-cloudtrail',
          scopes: 1,
          requests: 0,
          failedOperations: [],
          durationMs: 0,
          timedOut: false,
          cursors: {},
        },
      ];
      // The page an alert links to (`<reportBaseUrl>/<runId>/report.html`), as a scheduled run has.
      const html = renderHtmlReport({
        runId,
        startedAt,
        finishedAt,
        findings,
        collectors,
        changes: summarizeChanges(findings, []),
        toolVersion: deps.toolVersion,
        sections: deliverySection(deliveries),
        checks: checks.map((c) => c.check),
      });
      return {
        artifacts: [
          {
            path: FINDINGS_PATH,
            body: Buffer.from(findings.map((f) => JSON.stringify(f)).join('\n') + '\n'),
            mediaType: 'application/x-ndjson',
          },
          { path: 'report.html', body: Buffer.from(html), mediaType: 'text/html' },
        ],
        fields: {
          finishedAt: finishedAt.toISOString(),
          tool: { name: 'assay', version: deps.toolVersion },
          configDigest: config.digest,
          collectors,
          summary: summarize(findings),
          mode: 'event',
          ...(exceptions ? { exceptions: exceptions.record } : {}),
          ...(deliveries.length ? { deliveries } : {}),
          ...(records ? { records } : {}),
        },
      };
    });
    deps.log.info(
      { runId, sequence: manifest.sequence, eventId: event.eventId, ...manifest.summary },
      'event run stored',
    );
    return { runId, manifest, findings, eventId: event.eventId, eventName: event.eventName };
  }
}

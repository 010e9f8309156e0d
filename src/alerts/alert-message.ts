import type { ChangeKind } from '../model/config/alerts-config.js';
import { severityRank, type Severity } from '../model/severity.js';
import { redactSecrets } from '../logging/redact.js';
import type { FindingChange } from './finding-change.js';
import { isExecutive } from './match-finding.js';
import { findingAnchor } from '../reports/report-findings.js';

export interface AlertItem {
  kind: ChangeKind;
  severity: Severity;
  executive: boolean;
  checkId: string;
  title: string;
  message: string;
  /** `aws-account:123456789012 › iam-user:alice`. */
  resource: string;
  controls: string[];
  /** Finding key: what a receiver deduplicates on. */
  key: string;
  /** The finding in the run's report (`<report>#<anchor>`), when a report base URL is configured. */
  url?: string;
}

/** One message of one run to one route: channel-neutral; each channel renders it its own way. */
export interface AlertMessage {
  route: string;
  runId: string;
  mode: 'scheduled' | 'event';
  headline: string;
  items: AlertItem[];
  /** Changes beyond the listed items. */
  more: number;
  counts: Record<ChangeKind, number>;
  reportUrl?: string;
  /** `<runId>:<route>`: the same on every retry, so a receiver can drop a repeat. */
  idempotencyKey: string;
}

const KIND_WORD: Record<ChangeKind, string> = {
  new: 'new',
  regressed: 'regressed',
  resolved: 'resolved',
  'exception-expired': 'exception expired',
};
export const kindWord = (k: ChangeKind): string => KIND_WORD[k];

/** Resolutions after failures; executives first; then by severity; then by check. */
const order = (a: AlertItem, b: AlertItem): number =>
  Number(a.kind === 'resolved') - Number(b.kind === 'resolved') ||
  Number(b.executive) - Number(a.executive) ||
  severityRank(a.severity) - severityRank(b.severity) ||
  a.checkId.localeCompare(b.checkId) ||
  a.key.localeCompare(b.key);

/** Free text from findings passes the secret patterns once more: a message can quote what a vendor said. */
const clean = (s: string, mask: (t: string) => string): string => mask(redactSecrets(s));

export function buildAlertMessage(
  route: string,
  changes: readonly FindingChange[],
  opts: {
    runId: string;
    mode: 'scheduled' | 'event';
    maxFindings: number;
    reportBaseUrl?: string;
    mask?: (t: string) => string;
  },
): AlertMessage {
  const mask = opts.mask ?? ((t: string) => t);
  const base = opts.reportBaseUrl?.replace(/\/+$/, '');
  const reportUrl = base ? `${base}/${encodeURIComponent(opts.runId)}/report.html` : undefined;
  const items = changes
    .map(({ kind, finding: f }): AlertItem => ({
      kind,
      severity: f.severity,
      executive: isExecutive(f),
      checkId: f.checkId,
      title: clean(f.title, mask),
      message: clean(f.message, mask),
      resource: clean(
        `${f.scope.kind}:${f.scope.name ?? f.scope.id} › ${f.resource.type}:${f.resource.name ?? f.resource.id}`,
        mask,
      ),
      controls: f.controls,
      key: clean(f.key, mask),
      ...(reportUrl ? { url: `${reportUrl}#${findingAnchor(f)}` } : {}),
    }))
    .sort(order);
  const counts: Record<ChangeKind, number> = { new: 0, regressed: 0, resolved: 0, 'exception-expired': 0 };
  for (const i of items) counts[i.kind]++;
  const parts = (Object.keys(counts) as ChangeKind[])
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${kindWord(k)}`);
  return {
    route,
    runId: opts.runId,
    mode: opts.mode,
    headline: `assay ${opts.mode === 'event' ? 'event' : 'run'} ${opts.runId}: ${parts.join(', ')}`,
    items: items.slice(0, opts.maxFindings),
    more: Math.max(0, items.length - opts.maxFindings),
    counts,
    ...(reportUrl ? { reportUrl } : {}),
    idempotencyKey: `${opts.runId}:${route}`,
  };
}

/** Cuts text to a channel's limit, saying so. */
export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

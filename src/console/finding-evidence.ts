import { gunzipSync } from 'node:zlib';
import { bundleChecks } from '../cli/export-command.js';
import { snapshotPath } from '../engine/snapshot-path.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { sha256Hex } from '../evidence/manifest-codec.js';
import type { BundleCheck } from '../export/control-evidence.js';
import { snapshotExcerpt, type DatasetExcerpt } from '../export/snapshot-excerpt.js';
import type { Finding } from '../model/finding.js';
import type { StoredRecord } from '../model/record.js';
import type { Artifact, Manifest } from '../model/run.js';
import { SnapshotSchema } from '../model/snapshot.js';

/** Entries of one dataset shown on the page; the rest are counted. */
export const PAGE_ENTRY_LIMIT = 25;
/** The excerpt of one snapshot as JSON text, at most this long on the page. */
export const PAGE_EXCERPT_CHARS = 32_768;

/** One snapshot behind a finding: the manifest's artifact (path, SHA-256) and its excerpt, or why there is none. */
export interface SnapshotEvidence {
  artifact: Artifact;
  datasets?: DatasetExcerpt[];
  /** The excerpt as pretty JSON, cut at {@link PAGE_EXCERPT_CHARS}. */
  json?: string;
  truncated?: boolean;
  problem?: string;
}

function pageSized(d: DatasetExcerpt): DatasetExcerpt {
  if (!Array.isArray(d.value) || d.value.length <= PAGE_ENTRY_LIMIT) return d;
  return {
    ...d,
    value: d.value.slice(0, PAGE_ENTRY_LIMIT),
    omitted: (d.omitted ?? 0) + d.value.length - PAGE_ENTRY_LIMIT,
  };
}

/**
 * Reads the evidence behind one finding: each snapshot of its run about its scope, checked against the SHA-256 its
 * manifest lists, cut to the datasets its check requires and their entries naming its resource (as the auditors'
 * bundle cuts them, src/export/snapshot-excerpt.ts), then to a page's size. Only the detail page calls this: list pages
 * never load snapshots.
 */
export function findingEvidenceReader(store: EvidenceStore, checks: readonly BundleCheck[] = bundleChecks()) {
  const requires = new Map(checks.map((c) => [c.id, c.requires]));
  return async (run: Manifest, f: Finding): Promise<SnapshotEvidence[]> => {
    const paths = new Set(run.collectors.map((c) => snapshotPath({ collector: c.collector, scope: f.scope })));
    const out: SnapshotEvidence[] = [];
    for (const artifact of run.artifacts.filter((a) => paths.has(a.path))) {
      try {
        const bytes = await store.readArtifact(run.runId, artifact.path);
        if (sha256Hex(bytes) !== artifact.sha256) {
          out.push({ artifact, problem: 'its SHA-256 differs from the manifest: the stored snapshot was changed' });
          continue;
        }
        const parsed = SnapshotSchema.safeParse(JSON.parse(gunzipSync(bytes).toString('utf8')));
        if (!parsed.success) {
          out.push({ artifact, problem: 'not a valid snapshot' });
          continue;
        }
        const s = parsed.data;
        const wanted = requires.get(f.checkId) ?? [...Object.keys(s.data), ...Object.keys(s.missing)];
        const datasets = snapshotExcerpt(f, s, wanted, undefined).map(pageSized);
        if (datasets.length === 0) {
          out.push({ artifact, datasets });
          continue;
        }
        const json = JSON.stringify(datasets, null, 2);
        out.push({
          artifact,
          datasets,
          json: json.slice(0, PAGE_EXCERPT_CHARS),
          ...(json.length > PAGE_EXCERPT_CHARS ? { truncated: true } : {}),
        });
      } catch (e) {
        out.push({ artifact, problem: `cannot be read (${e instanceof Error ? e.message : String(e)})` });
      }
    }
    return out;
  };
}

/** Where one ticket stands for a finding: the newest ticket-link record of its system and key. */
export interface LinkedTicket {
  system: string;
  id: string;
  url: string | undefined;
  state: string;
  action: string;
  at: string;
}

/** The tickets `src/tickets/` opened for a finding, from their ticket-link records (the newest per ticket). */
export function linkedTickets(records: readonly StoredRecord[], findingKey: string): LinkedTicket[] {
  const latest = new Map<string, LinkedTicket>();
  for (const r of records) {
    const l = r.data as {
      key?: unknown;
      system?: unknown;
      action?: unknown;
      findingKeys?: unknown;
      ticket?: { id?: unknown; url?: unknown; state?: unknown };
    };
    if (!Array.isArray(l.findingKeys) || !l.findingKeys.includes(findingKey)) continue;
    if (typeof l.system !== 'string' || typeof l.ticket?.id !== 'string') continue;
    latest.set(`${l.system}\u0000${String(l.key)}`, {
      system: l.system,
      id: l.ticket.id,
      url: typeof l.ticket.url === 'string' ? l.ticket.url : undefined,
      state: typeof l.ticket.state === 'string' ? l.ticket.state : 'unknown',
      action: typeof l.action === 'string' ? l.action : 'unknown',
      at: r.at,
    });
  }
  return [...latest.values()];
}

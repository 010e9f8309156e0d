import type { EvidenceStore } from '../evidence/evidence-store.js';
import type { Control } from '../model/control.js';
import { FindingSchema, type Finding } from '../model/finding.js';
import type { StoredRecord } from '../model/record.js';
import type { Manifest } from '../model/run.js';
import { controlCoverage, type CheckCoverage, type CoverageRow } from '../reports/control-coverage.js';
import {
  byWorst,
  executivesOf,
  filterFindings,
  pageOf,
  type FindingFilter,
  type FindingPage,
} from './finding-query.js';

/** One run's status for a finding; `absent` when the run did not report it. */
export interface HistoryEntry {
  runId: string;
  sequence: number;
  at: string;
  status: string;
}

export interface FindingHistory {
  firstSeen: string | undefined;
  entries: HistoryEntry[];
  /** Hours from the first failing run of the latest open stretch to the run that saw it pass; undefined if not fixed. */
  hoursToFix: number | undefined;
}

interface RunFindings {
  sorted: Finding[];
  byKey: Map<string, Finding>;
  statusByKey: Map<string, string>;
  /** The run's executives (emails), for the executive filter. */
  executives: Set<string>;
}

/** Runs whose findings stay in memory at once: the newest, its predecessor, and a few a reader opened. */
const CACHED_RUNS = 4;

/**
 * What the console reads, built from the store alone (no second database): the chain's manifests, each run's findings
 * (parsed on first use, a few runs kept), and per-finding status across runs. Everything is rebuilt when the chain's
 * head changes; nothing here writes.
 */
export class ConsoleReadModel {
  private headSha: string | undefined = undefined;
  private manifests: Manifest[] = [];
  private cache = new Map<string, RunFindings>();
  private statusIndex: Map<string, string[]> | undefined;
  private records: StoredRecord[] | undefined;

  constructor(
    private readonly store: EvidenceStore,
    private readonly catalog: readonly Control[],
    private readonly checks: readonly CheckCoverage[],
  ) {}

  /** Reads the chain head; when it moved, drops every cached view. */
  async refresh(): Promise<void> {
    const head = await this.store.head();
    this.records = undefined;
    if (head?.sha256 === this.headSha) return;
    this.manifests = await this.store.listRuns();
    this.headSha = head?.sha256;
    this.cache.clear();
    this.statusIndex = undefined;
  }

  runs(): readonly Manifest[] {
    return this.manifests;
  }

  /** The newest scheduled run: an event run (mode `event`) holds only the findings of the events it judged. */
  latest(): Manifest | undefined {
    return this.manifests.findLast((m) => m.mode !== 'event') ?? this.manifests.at(-1);
  }

  run(runId: string | undefined): Manifest | undefined {
    return runId === undefined ? this.latest() : this.manifests.find((m) => m.runId === runId);
  }

  /** The run before `m`; for a scheduled run, the scheduled run before it. */
  previousOf(m: Manifest): Manifest | undefined {
    const i = this.manifests.findIndex((x) => x.runId === m.runId);
    return this.manifests.slice(0, Math.max(0, i)).findLast((x) => m.mode === 'event' || x.mode !== 'event');
  }

  private async load(m: Manifest): Promise<RunFindings> {
    const cached = this.cache.get(m.runId);
    if (cached) {
      this.cache.delete(m.runId);
      this.cache.set(m.runId, cached);
      return cached;
    }
    const raw = await this.store.readFindingsOf(m);
    const findings = raw.map((r) => FindingSchema.parse(r));
    const entry: RunFindings = {
      sorted: [...findings].sort(byWorst),
      byKey: new Map(findings.map((f) => [f.key, f])),
      statusByKey: new Map(findings.map((f) => [f.key, f.status])),
      executives: executivesOf(findings),
    };
    this.cache.set(m.runId, entry);
    while (this.cache.size > CACHED_RUNS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  async findings(m: Manifest): Promise<readonly Finding[]> {
    return (await this.load(m)).sorted;
  }

  /** The previous run's status by finding key (empty for the first run). */
  async previousStatuses(m: Manifest): Promise<ReadonlyMap<string, string>> {
    const prev = this.previousOf(m);
    return prev ? (await this.load(prev)).statusByKey : new Map();
  }

  async query(m: Manifest, filter: FindingFilter, page: number, pageSize: number): Promise<FindingPage> {
    const { sorted, executives } = await this.load(m);
    const previous = await this.previousStatuses(m);
    return pageOf(filterFindings(sorted, filter, { previous, executives }), page, pageSize);
  }

  async finding(m: Manifest, key: string): Promise<Finding | undefined> {
    return (await this.load(m)).byKey.get(key);
  }

  /** Status per run for `key`, from an index of every run built once per chain head (statuses only, not findings). */
  async history(key: string): Promise<FindingHistory> {
    if (!this.statusIndex) {
      const index = new Map<string, string[]>();
      for (const [i, m] of this.manifests.entries()) {
        const raw = await this.store.readFindingsOf(m);
        for (const r of raw) {
          const { key: k, status } = r as { key: string; status: string };
          let row = index.get(k);
          if (!row) index.set(k, (row = []));
          row[i] = status;
        }
      }
      this.statusIndex = index;
    }
    const row = this.statusIndex.get(key) ?? [];
    const entries = this.manifests.map((m, i) => ({
      runId: m.runId,
      sequence: m.sequence,
      at: m.startedAt,
      status: row[i] ?? 'absent',
    }));
    const first = entries.find((e) => e.status !== 'absent');
    return { firstSeen: first?.at, entries, hoursToFix: hoursToFix(entries) };
  }

  async coverage(m: Manifest): Promise<CoverageRow[]> {
    return controlCoverage(this.catalog, this.checks, await this.findings(m));
  }

  /** Records of `type` (triage, exception, ticket-link…), read once per refresh. */
  async recordsOf(type: string): Promise<StoredRecord[]> {
    this.records ??= await this.store.records.list();
    return this.records.filter((r) => r.type === type);
  }
}

const OPEN = new Set(['fail', 'error']);

function hoursToFix(entries: readonly HistoryEntry[]): number | undefined {
  let openedAt: string | undefined;
  let fixed: number | undefined;
  for (const e of entries) {
    if (OPEN.has(e.status)) {
      openedAt ??= e.at;
      fixed = undefined;
    } else if (e.status === 'pass' && openedAt !== undefined) {
      fixed = (Date.parse(e.at) - Date.parse(openedAt)) / 3_600_000;
      openedAt = undefined;
    }
  }
  return openedAt === undefined ? fixed : undefined;
}

import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { EvidenceError } from '../errors.js';
import { collectorOf } from '../model/datasets/index.js';
import type { Artifact } from '../model/run.js';
import { scopeKey, type Scope } from '../model/scope.js';
import type { Snapshot } from '../model/snapshot.js';

/** Where one of this run's snapshots lies in the store, and what is needed to find the checks that read it. */
export interface SnapshotRef {
  collector: string;
  scope: Scope;
  path: string;
  sha256: string;
  /** Dataset keys the snapshot holds data or a gap for. */
  datasets: readonly string[];
}

/**
 * The snapshots of a run, kept in the evidence store rather than in memory: each is written as soon as its scope is
 * collected and read back (and checked against its hash) when a step needs it, one scope at a time. The memory a run
 * needs is then bounded by its largest scope, not by the organization.
 */
export class RunSnapshots {
  private readonly refs: SnapshotRef[] = [];

  constructor(private readonly read: (path: string) => Promise<Uint8Array>) {}

  add(s: Snapshot, stored: Pick<Artifact, 'path' | 'sha256'>): void {
    this.refs.push({
      collector: s.collector,
      scope: s.scope,
      path: stored.path,
      sha256: stored.sha256,
      datasets: [...new Set([...Object.keys(s.data), ...Object.keys(s.missing)])],
    });
  }

  get all(): readonly SnapshotRef[] {
    return this.refs;
  }

  /** Refs grouped by scope, in the order scopes were first stored (the order checks report them in). */
  byScope(): SnapshotRef[][] {
    const groups = new Map<string, SnapshotRef[]>();
    for (const r of this.refs) {
      const k = scopeKey(r.scope);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
    return [...groups.values()];
  }

  async load(ref: SnapshotRef): Promise<Snapshot> {
    const bytes = await this.read(ref.path);
    if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256)
      throw new EvidenceError(`${ref.path}: changed in the store while the run was using it`, { code: 'invalid' });
    return JSON.parse(gunzipSync(bytes).toString('utf8')) as Snapshot;
  }

  async loadAll(refs: readonly SnapshotRef[] = this.refs): Promise<Snapshot[]> {
    const out: Snapshot[] = [];
    for (const r of refs) out.push(await this.load(r));
    return out;
  }

  /**
   * The snapshots that hold any of `keys`, each carrying only those datasets. A dataset left out is marked missing
   * (an error), so a step that reads one it did not declare gets a gap, never an empty list that could pass.
   */
  async loadProjected(keys: ReadonlySet<string>): Promise<Snapshot[]> {
    const collectors = new Set([...keys].map(collectorOf));
    const wanted = this.refs.filter((r) => collectors.has(r.collector) && r.datasets.some((d) => keys.has(d)));
    const out: Snapshot[] = [];
    for (const r of wanted) out.push(projectSnapshot(await this.load(r), keys));
    return out;
  }
}

export function projectSnapshot(s: Snapshot, keys: ReadonlySet<string>): Snapshot {
  const data: Snapshot['data'] = {};
  const missing: Snapshot['missing'] = { ...s.missing };
  for (const [k, v] of Object.entries(s.data)) {
    if (keys.has(k)) data[k] = v;
    else
      missing[k] = {
        kind: 'error',
        operation: 'derivation input',
        message: `${k} is not among the datasets this derivation declares it reads`,
      };
  }
  return { ...s, data, missing };
}

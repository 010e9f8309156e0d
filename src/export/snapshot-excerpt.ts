import type { Finding } from '../model/finding.js';
import type { ApiCall, MissingDataset, Snapshot } from '../model/snapshot.js';
import { seededSample, type SampleSpec } from './seeded-sample.js';

/** At most this many entries of one dataset go into one excerpt; the rest are counted as omitted. */
export const EXCERPT_ENTRY_LIMIT = 1000;
/** An object dataset up to this size (as JSON) is shown whole. */
export const EXCERPT_OBJECT_BYTES = 8192;
/** How deep into an entry a value equal to the resource's id or name is looked for. */
const MATCH_DEPTH = 3;

/**
 * How the entries were chosen: `matching` (entries mentioning the resource), `population` (none mentions it, as for a
 * finding about a whole organization: the dataset is the population it covered), `keys` (an object's keys naming
 * the resource), `whole` (a small object), `fields` (a large object's top-level scalars), `missing` (not collected).
 */
export type ExcerptRule = 'matching' | 'population' | 'keys' | 'whole' | 'fields' | 'value' | 'missing';

export interface DatasetExcerpt {
  dataset: string;
  rule: ExcerptRule;
  /** Entries in the dataset (arrays), and how many of them the excerpt leaves out. */
  total?: number;
  omitted?: number;
  sampled?: boolean;
  value?: unknown;
  missing?: MissingDataset;
  /** The API operations that read (or failed to read) the dataset. */
  calls: Pick<ApiCall, 'operation' | 'ok' | 'requests' | 'status' | 'error'>[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mentions(value: unknown, needles: ReadonlySet<string>, depth: number): boolean {
  if (typeof value === 'string' || typeof value === 'number') return needles.has(String(value));
  if (depth === 0) return false;
  if (Array.isArray(value)) return value.some((v) => mentions(v, needles, depth - 1));
  if (isRecord(value)) return Object.values(value).some((v) => mentions(v, needles, depth - 1));
  return false;
}

function limited(
  entries: readonly unknown[],
  total: number,
  sampled: boolean,
): Omit<DatasetExcerpt, 'dataset' | 'rule' | 'calls'> {
  const kept = entries.slice(0, EXCERPT_ENTRY_LIMIT);
  return { total, omitted: total - kept.length, value: kept, ...(sampled ? { sampled } : {}) };
}

function arrayExcerpt(
  value: readonly unknown[],
  needles: ReadonlySet<string>,
  population: string,
  sample: SampleSpec | undefined,
): Pick<DatasetExcerpt, 'rule' | 'total' | 'omitted' | 'sampled' | 'value'> {
  const matching = value.filter((e) => mentions(e, needles, MATCH_DEPTH));
  if (matching.length > 0) return { rule: 'matching', ...limited(matching, matching.length, false) };
  if (!sample) return { rule: 'population', ...limited(value, value.length, false) };
  const drawn = seededSample(value, sample, population, (e) => JSON.stringify(e));
  return { rule: 'population', ...limited(drawn, value.length, drawn.length < value.length) };
}

function objectExcerpt(
  value: Record<string, unknown>,
  needles: ReadonlySet<string>,
): Pick<DatasetExcerpt, 'rule' | 'value'> {
  const keys = Object.keys(value).filter((k) => needles.has(k));
  if (keys.length > 0) return { rule: 'keys', value: Object.fromEntries(keys.map((k) => [k, value[k]])) };
  if (JSON.stringify(value).length <= EXCERPT_OBJECT_BYTES) return { rule: 'whole', value };
  const scalars = Object.entries(value).filter(([, v]) => !isRecord(v) && !Array.isArray(v));
  return { rule: 'fields', value: Object.fromEntries(scalars) };
}

/**
 * The part of one snapshot that supports one finding: for each dataset the check requires that the snapshot holds,
 * the entries mentioning the finding's resource (its id or name, up to three levels into an entry); failing that,
 * the dataset as the population the finding covered (sampled when a sample is asked for), within
 * {@link EXCERPT_ENTRY_LIMIT}; the collector's calls for it; or why it is missing.
 */
export function snapshotExcerpt(
  finding: Pick<Finding, 'key' | 'resource'>,
  snapshot: Pick<Snapshot, 'data' | 'missing' | 'calls'>,
  datasets: readonly string[],
  sample: SampleSpec | undefined,
): DatasetExcerpt[] {
  const needles = new Set([finding.resource.id, ...(finding.resource.name ? [finding.resource.name] : [])]);
  const out: DatasetExcerpt[] = [];
  for (const dataset of datasets) {
    const calls = snapshot.calls
      .filter((c) => c.dataset === dataset)
      .map(({ operation, ok, requests, status, error }) => ({
        operation,
        ok,
        requests,
        ...(status === undefined ? {} : { status }),
        ...(error === undefined ? {} : { error }),
      }));
    const missing = snapshot.missing[dataset];
    if (missing) {
      out.push({ dataset, rule: 'missing', missing, calls });
      continue;
    }
    if (!Object.hasOwn(snapshot.data, dataset)) continue;
    const value = snapshot.data[dataset];
    const part = Array.isArray(value)
      ? arrayExcerpt(value, needles, `${finding.key}|${dataset}`, sample)
      : isRecord(value)
        ? objectExcerpt(value, needles)
        : { rule: 'value' as const, value };
    out.push({ dataset, ...part, calls });
  }
  return out;
}

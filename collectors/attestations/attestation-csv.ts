import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ConfigError } from '../../src/errors.js';
import type { ImportedRow, ImportKindId } from '../../src/model/attestation.js';
import {
  AcknowledgementsImportConfigSchema,
  TrainingImportConfigSchema,
  type AttestationsConfig,
} from '../../src/model/config/attestations-config.js';

const MAX_PROBLEMS = 20;
const email = z.email();

/** A date (`2026-11-02`) or a date-time with an offset, as LMS and e-signature exports write them; UTC ISO out. */
function toIsoDateTime(value: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? undefined : d.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const d = new Date(value.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The columns an import reads: the config's (`attestations.training.columns` …) or the defaults. */
export function importColumns(kind: ImportKindId, config: AttestationsConfig | undefined): Record<string, string> {
  return kind === 'security-training'
    ? (config?.training ?? TrainingImportConfigSchema.parse({})).columns
    : (config?.acknowledgements ?? AcknowledgementsImportConfigSchema.parse({ currentPolicyVersion: '-' })).columns;
}

/**
 * Reads a CSV export (RFC 4180, a UTF-8 BOM as spreadsheets write it tolerated) into one row per person and date.
 * Every problem names the file, the line and the column; the first {@link MAX_PROBLEMS} are reported together.
 */
export function parseImportCsv(
  text: string,
  file: string,
  kind: ImportKindId,
  columns: Record<string, string>,
): ImportedRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true, info: true });
  } catch (cause) {
    throw new ConfigError(`${file}: not valid CSV: ${(cause as Error).message}`, { cause });
  }
  const wanted: { email: string; at: string; version?: string } =
    kind === 'security-training'
      ? { email: columns.email!, at: columns.completedAt! }
      : { email: columns.email!, at: columns.acknowledgedAt!, version: columns.version! };
  const configKey =
    kind === 'security-training' ? 'attestations.training.columns' : 'attestations.acknowledgements.columns';
  const header = records[0] ? Object.keys(records[0].record) : [];
  const absent = Object.values(wanted).filter((c) => !header.includes(c));
  if (records.length > 0 && absent.length > 0)
    throw new ConfigError(
      `${file}: header: no column ${absent.map((c) => `'${c}'`).join(', ')} (set ${configKey} to the export's names); found: ${header.join(', ')}`,
    );
  const problems: string[] = [];
  const rows: ImportedRow[] = [];
  for (const { record, info } of records) {
    const at = (column: string, what: string) =>
      problems.push(`${file}: line ${info.lines}: column '${column}': ${what}`);
    const address = record[wanted.email] ?? '';
    const when = record[wanted.at] ?? '';
    const iso = toIsoDateTime(when);
    if (!email.safeParse(address).success) at(wanted.email, `expected an email address, got '${address}'`);
    if (!iso) at(wanted.at, `expected a date (2026-11-02) or a date-time with offset, got '${when}'`);
    const version = wanted.version === undefined ? undefined : (record[wanted.version] ?? '');
    if (version === '') at(wanted.version!, 'expected the policy version acknowledged, got an empty cell');
    if (iso && email.safeParse(address).success && version !== '')
      rows.push({ email: address.toLowerCase(), at: iso, ...(version !== undefined ? { version } : {}) });
  }
  if (problems.length > 0)
    throw new ConfigError(
      [
        ...problems.slice(0, MAX_PROBLEMS),
        ...(problems.length > MAX_PROBLEMS ? [`${file}: … and ${problems.length - MAX_PROBLEMS} more problems`] : []),
      ].join('\n'),
    );
  if (rows.length === 0) throw new ConfigError(`${file}: expected a header line and at least one row, found none`);
  return rows;
}

import { z } from 'zod';
import { ConfigError } from '../../src/errors.js';
import { CsvProblems, csvDateTime, readCsvTable, requireCsvColumns } from '../../src/config/csv-table.js';
import type { ImportedRow, ImportKindId } from '../../src/model/attestation.js';
import {
  AcknowledgementsImportConfigSchema,
  TrainingImportConfigSchema,
  type AttestationsConfig,
} from '../../src/model/config/attestations-config.js';

const email = z.email();

/** The columns an import reads: the config's (`attestations.training.columns` …) or the defaults. */
export function importColumns(kind: ImportKindId, config: AttestationsConfig | undefined): Record<string, string> {
  return kind === 'security-training'
    ? (config?.training ?? TrainingImportConfigSchema.parse({})).columns
    : (config?.acknowledgements ?? AcknowledgementsImportConfigSchema.parse({ currentPolicyVersion: '-' })).columns;
}

/**
 * Reads a CSV export (RFC 4180, a UTF-8 BOM as spreadsheets write it tolerated) into one row per person and date.
 * Every problem names the file, the line and the column; reported together.
 */
export function parseImportCsv(
  text: string,
  file: string,
  kind: ImportKindId,
  columns: Record<string, string>,
): ImportedRow[] {
  const table = readCsvTable(text, file);
  const wanted: { email: string; at: string; version?: string } =
    kind === 'security-training'
      ? { email: columns.email!, at: columns.completedAt! }
      : { email: columns.email!, at: columns.acknowledgedAt!, version: columns.version! };
  const configKey =
    kind === 'security-training' ? 'attestations.training.columns' : 'attestations.acknowledgements.columns';
  requireCsvColumns(file, table, Object.values(wanted), `set ${configKey} to the export's names`);
  const problems = new CsvProblems(file);
  const rows: ImportedRow[] = [];
  for (const { record, line } of table.rows) {
    const at = (column: string, what: string) => problems.add(line, column, what);
    const address = record[wanted.email] ?? '';
    const when = record[wanted.at] ?? '';
    const iso = csvDateTime(when);
    if (!email.safeParse(address).success) at(wanted.email, `expected an email address, got '${address}'`);
    if (!iso) at(wanted.at, `expected a date (2026-11-02) or a date-time with offset, got '${when}'`);
    const version = wanted.version === undefined ? undefined : (record[wanted.version] ?? '');
    if (version === '') at(wanted.version!, 'expected the policy version acknowledged, got an empty cell');
    if (iso && email.safeParse(address).success && version !== '')
      rows.push({ email: address.toLowerCase(), at: iso, ...(version !== undefined ? { version } : {}) });
  }
  problems.throwIfAny();
  if (rows.length === 0) throw new ConfigError(`${file}: expected a header line and at least one row, found none`);
  return rows;
}

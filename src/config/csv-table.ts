import { parse } from 'csv-parse/sync';
import { ConfigError } from '../errors.js';

/** How many problems one error lists; the rest are counted. */
const MAX_PROBLEMS = 20;

export interface CsvRow {
  record: Record<string, string>;
  /** The line the row ends on (1-based, the header is line 1), as an editor shows it. */
  line: number;
}

/**
 * A CSV file a person exported or filled in (RFC 4180, a UTF-8 BOM as spreadsheets write it tolerated, blank lines
 * skipped, cells trimmed), with its header. Text that is not CSV is a ConfigError naming the file.
 */
export function readCsvTable(text: string, file: string): { header: string[]; rows: CsvRow[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true, info: true });
  } catch (cause) {
    throw new ConfigError(`${file}: not valid CSV: ${(cause as Error).message}`, { cause });
  }
  return {
    header: records[0] ? Object.keys(records[0].record) : [],
    rows: records.map(({ record, info }) => ({ record, line: info.lines })),
  };
}

/** Fails when a table with rows lacks a required column, saying what to do (`hint`) and which columns it has. */
export function requireCsvColumns(
  file: string,
  table: { header: readonly string[]; rows: readonly CsvRow[] },
  required: readonly string[],
  hint: string,
): void {
  const absent = required.filter((c) => !table.header.includes(c));
  if (table.rows.length > 0 && absent.length > 0)
    throw new ConfigError(
      `${file}: header: no column ${absent.map((c) => `'${c}'`).join(', ')} (${hint}); found: ${table.header.join(', ')}`,
    );
}

/** Every problem of a file, each naming the file, line and column; thrown together so a person fixes them at once. */
export class CsvProblems {
  private readonly lines: string[] = [];

  constructor(private readonly file: string) {}

  add(line: number, column: string, what: string): void {
    this.lines.push(`${this.file}: line ${line}: column '${column}': ${what}`);
  }

  /** Throws a ConfigError listing the first problems (and how many more) when there is any. */
  throwIfAny(): void {
    if (this.lines.length === 0) return;
    const more = this.lines.length - MAX_PROBLEMS;
    throw new ConfigError(
      [...this.lines.slice(0, MAX_PROBLEMS), ...(more > 0 ? [`${this.file}: … and ${more} more problems`] : [])].join(
        '\n',
      ),
    );
  }
}

/** A date (`2026-11-02`, taken as 00:00 UTC) or a date-time with an offset, as exports write them; UTC ISO out. */
export function csvDateTime(value: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? undefined : d.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const d = new Date(value.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

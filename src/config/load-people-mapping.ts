import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { AccountMappingSchema, type AccountMapping, type PeopleConfig } from '../model/config/people-config.js';
import { CsvProblems, readCsvTable } from './csv-table.js';

/** The columns of a CSV mapping file: the keys of a `people.accounts` entry. */
export const MAPPING_COLUMNS = Object.keys(AccountMappingSchema.shape) as readonly string[];

const MappingFileSchema = z.object({ accounts: z.array(AccountMappingSchema) }).strict();

function describeYamlIssues(text: string, file: string, issues: readonly z.core.$ZodIssue[]): string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return issues
    .map((i) => {
      const where = i.path.reduce<string>(
        (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
        '',
      );
      // The deepest node the path reaches: a missing key is reported on its entry's line.
      let line: number | undefined;
      for (let n = i.path.length; n >= 0 && line === undefined; n--) {
        const node = doc.getIn(i.path.slice(0, n), true);
        if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
      }
      const what =
        i.code === 'unrecognized_keys'
          ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`
          : i.message;
      return `${file}: ${line !== undefined ? `line ${line}: ` : ''}${where || '(top level)'}: ${what}`;
    })
    .join('\n');
}

function parseYamlMapping(text: string, file: string): AccountMapping[] {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(`${file}: not valid YAML: ${doc.errors[0]!.message}`);
  const parsed = MappingFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const example = `\n  example:\n    accounts:\n      - { email: dana@example.com, github: dana-codes }`;
    throw new ConfigError(describeYamlIssues(text, file, parsed.error.issues) + example);
  }
  return parsed.data.accounts;
}

function parseCsvMapping(text: string, file: string): AccountMapping[] {
  const table = readCsvTable(text, file);
  const unknown = table.header.filter((c) => !MAPPING_COLUMNS.includes(c));
  if (unknown.length > 0 || (table.rows.length > 0 && !table.header.includes('email')))
    throw new ConfigError(
      `${file}: header: ${unknown.length > 0 ? `unknown column ${unknown.map((c) => `'${c}'`).join(', ')}` : "no column 'email'"} (expected email and any of ${MAPPING_COLUMNS.filter((c) => c !== 'email').join(', ')}); found: ${table.header.join(', ')}`,
    );
  const problems = new CsvProblems(file);
  const out: AccountMapping[] = [];
  for (const { record, line } of table.rows) {
    // An empty cell is an absent key, as in YAML.
    const entry = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ''));
    const parsed = AccountMappingSchema.safeParse(entry);
    if (parsed.success) out.push(parsed.data);
    else for (const issue of parsed.error.issues) problems.add(line, String(issue.path[0] ?? 'email'), issue.message);
  }
  problems.throwIfAny();
  return out;
}

/**
 * Parses a mapping file (`people.mappingFile`): YAML (`accounts:` a list of `people.accounts` entries) or CSV (a
 * header of those keys, one account per row), by extension. Every problem names the file, the line and the key.
 */
export function parsePeopleMapping(text: string, file: string): AccountMapping[] {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return parseCsvMapping(text, file);
  if (ext === '.yaml' || ext === '.yml') return parseYamlMapping(text, file);
  throw new ConfigError(`${file}: expected a mapping file ending in .yaml, .yml or .csv`);
}

export function readPeopleMapping(file: string): AccountMapping[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: cannot read the people mapping file (${code ?? String(cause)})`, { cause });
  }
  return parsePeopleMapping(text, file);
}

/**
 * The config with `people.mappingFile` (relative to the config's directory) read and its entries appended to
 * `people.accounts`. Both are the same lowest-trust rule: an account they map to different people is a link conflict.
 */
export function withPeopleMapping<T extends { people?: PeopleConfig | undefined }>(data: T, dir: string): T {
  const people = data.people;
  if (people?.mappingFile === undefined) return data;
  const entries = readPeopleMapping(path.resolve(dir, people.mappingFile));
  return { ...data, people: { ...people, accounts: [...people.accounts, ...entries] } };
}

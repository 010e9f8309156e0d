import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { consoleExceptions } from '../console/console-exceptions.js';
import { TRIAGE_RECORD } from '../console/triage.js';
import { ConfigError } from '../errors.js';
import type { RecordStore } from '../evidence/record-store.js';
import { ExceptionsFileSchema, type RegisterEntry } from '../model/exception.js';
import { formatPath } from './load-config.js';

/** The exceptions register as loaded for one run. */
export interface ExceptionRegister {
  /** The exceptions file; `<file> + console` or `console` when exceptions approved in the console are in it. */
  file: string;
  /** Of the file's bytes (and the console entries), so a run records exactly which register it applied. */
  sha256: string;
  /** The file's entries first: when one of them and a console exception both match a failure, the file's decides. */
  entries: RegisterEntry[];
}

/** What `file` says when the register holds console exceptions. */
export const CONSOLE_SOURCE = 'console';

export interface ExceptionRules {
  /** Who may approve an exception (emails); an entry approved by anyone else is refused. */
  approvers: readonly string[];
  /** The check ids of this build: an entry naming another check is a typo, not an exception. */
  checkIds: ReadonlySet<string>;
}

/** One calendar year after an ISO date (29 February runs to 28 February). */
function oneYearAfter(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}

/** Parses and validates an exceptions file; every problem names the file, the entry and the field. */
export function parseExceptions(text: string, file: string, rules: ExceptionRules): ExceptionRegister {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(`${file}: not valid YAML: ${doc.errors[0]!.message}`);
  const parsed = ExceptionsFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${file}: ${formatPath(i.path) || '(top level)'}: ${i.message}`).join('\n'),
    );
  }
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  const approvers = new Set(rules.approvers.map((a) => a.toLowerCase()));
  parsed.data.exceptions.forEach((e, i) => {
    const at = (field: string, what: string) => problems.push(`${file}: exceptions[${i}].${field}: ${what}`);
    const twin = firstIndex.get(e.id);
    if (twin === undefined) firstIndex.set(e.id, i);
    else at('id', `'${e.id}' is already the id of exceptions[${twin}]`);
    if (!rules.checkIds.has(e.check)) at('check', `no check '${e.check}' exists (assay checks lists them)`);
    if (!approvers.has(e.approvedBy.toLowerCase()))
      at(
        'approvedBy',
        `${e.approvedBy} is not an approver (exceptions.approvers in the config: ${rules.approvers.join(', ') || 'none'})`,
      );
    const limit = oneYearAfter(e.approvedOn);
    if (e.expires <= e.approvedOn)
      at('expires', `expected a date after approvedOn (${e.approvedOn}), got ${e.expires}`);
    else if (e.expires > limit)
      at('expires', `expected at most one year after approvedOn (${limit}), got ${e.expires}: renew it after review`);
  });
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return {
    file,
    sha256: createHash('sha256').update(text).digest('hex'),
    entries: parsed.data.exceptions.map((e) => ({ ...e, source: { kind: 'file', file } })),
  };
}

export async function loadExceptions(file: string, rules: ExceptionRules): Promise<ExceptionRegister> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: cannot read the exceptions file (${code ?? String(cause)})`, { cause });
  }
  return parseExceptions(text, file, rules);
}

/**
 * The register a run applies: the config's exceptions file (`exceptions.file`), checked against these check ids, then
 * the exceptions approved in the console and not revoked, from the triage records of `records` (the store the run
 * writes to). Undefined when there is neither.
 */
export async function loadConfiguredExceptions(
  config: { exceptionsPath?: string; exceptions?: { approvers: readonly string[] } },
  checkIds: Iterable<string>,
  records?: Pick<RecordStore, 'list'>,
): Promise<ExceptionRegister | undefined> {
  const rules = { approvers: config.exceptions?.approvers ?? [], checkIds: new Set(checkIds) };
  const fromFile = config.exceptionsPath ? await loadExceptions(config.exceptionsPath, rules) : undefined;
  const fromConsole = records ? consoleExceptions(await records.list(TRIAGE_RECORD), rules) : [];
  if (fromConsole.length === 0) return fromFile;
  const consoleJson = JSON.stringify(fromConsole);
  return {
    file: fromFile ? `${fromFile.file} + ${CONSOLE_SOURCE}` : CONSOLE_SOURCE,
    sha256: createHash('sha256')
      .update(`${fromFile?.sha256 ?? ''}\n${consoleJson}`)
      .digest('hex'),
    entries: [...(fromFile?.entries ?? []), ...fromConsole],
  };
}

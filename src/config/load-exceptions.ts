import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { ExceptionsFileSchema, type RiskException } from '../model/exception.js';
import { formatPath } from './load-config.js';

/** The exceptions register as loaded for one run. */
export interface ExceptionRegister {
  file: string;
  /** Of the file's bytes, so a run records exactly which register it applied. */
  sha256: string;
  entries: RiskException[];
}

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
  return { file, sha256: createHash('sha256').update(text).digest('hex'), entries: parsed.data.exceptions };
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

/** The register the config names (`exceptions.file`), checked against these check ids; undefined when it names none. */
export async function loadConfiguredExceptions(
  config: { exceptionsPath?: string; exceptions?: { approvers: readonly string[] } },
  checkIds: Iterable<string>,
): Promise<ExceptionRegister | undefined> {
  if (!config.exceptionsPath) return undefined;
  return loadExceptions(config.exceptionsPath, {
    approvers: config.exceptions?.approvers ?? [],
    checkIds: new Set(checkIds),
  });
}

import type { AnyCheck } from '../model/check.js';
import { ConfigError } from '../errors.js';
import { formatPath } from '../config/load-config.js';
import type { Config } from '../config/load-config.js';
import type { PreparedCheck } from './run-checks.js';

/** Validates each check's parameters from `checks.<id>` and drops disabled checks; unknown ids are errors. */
export function prepareChecks(
  config: Pick<Config, 'checks' | 'file'>,
  checks: ReadonlyMap<string, AnyCheck>,
): PreparedCheck[] {
  for (const id of Object.keys(config.checks)) {
    if (!checks.has(id)) {
      throw new ConfigError(`${config.file}: checks.${id}: no check has this id (run \`assay checks\` for the list)`);
    }
  }
  const prepared: PreparedCheck[] = [];
  for (const check of checks.values()) {
    const { enabled = true, ...raw } = config.checks[check.id] ?? {};
    if (!enabled) continue;
    const parsed = check.params.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = formatPath(['checks', check.id, ...issue.path]);
      throw new ConfigError(`${config.file}: ${where}: ${issue.message}`);
    }
    prepared.push({ check, params: parsed.data });
  }
  return prepared;
}

import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { ConfigSchema, LOG_LEVELS, type ConfigData, type LogLevel } from './config-schema.js';
import { exampleFor } from './config-examples.js';
import type { SecretRef, SecretResolver } from '../model/config/secret-ref.js';
import { movedExecutiveSettings } from '../model/config/people-config.js';
import { withPeopleMapping } from './load-people-mapping.js';

export interface Config extends ConfigData {
  /** The file it came from (for error messages) and the directory relative paths resolve against. */
  file: string;
  /** sha256 of the validated config, which holds secret references, never secret values. */
  digest: string;
  /** Absolute path of the local evidence store. */
  evidencePath: string;
  /** Absolute path of the exceptions register, when the config names one. */
  exceptionsPath?: string;
  resolveSecret: SecretResolver;
}

export type Env = Readonly<Record<string, string | undefined>>;

const SECRET_KEYS = /(token|secret|password|key|credential)s?$/i;

export const formatPath = (p: readonly PropertyKey[]): string =>
  p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path) || '(top level)';
  let what = issue.message;
  if (issue.code === 'unrecognized_keys')
    what = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  const last = issue.path.at(-1);
  if (typeof last === 'string' && SECRET_KEYS.test(last) && issue.code === 'invalid_type') {
    what = `expected a reference to an environment variable, not the secret itself (secrets never go in the config file)`;
  }
  const example = exampleFor(issue.path);
  return `${file}: ${where}: ${what}${example ? `\n  example:\n    ${example.replace(/\n/g, '\n    ')}` : ''}`;
}

/** Parses and validates config text; `file` names it in errors. */
export function parseConfig(text: string, file: string, env: Env): Config {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(`${file}: not valid YAML: ${doc.errors[0]!.message}`);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      `${file}: (top level): expected a mapping with version, sources, evidence\n  example:\n    version: 1`,
    );
  }
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => describeIssue(file, i));
    throw new ConfigError(lines.join('\n'));
  }
  const moved = movedExecutiveSettings(result.data.checks);
  if (moved.length > 0) throw new ConfigError(moved.map((m) => `${file}: ${m}`).join('\n'));
  const dir = path.dirname(path.resolve(file));
  const data = withPeopleMapping(result.data, dir);
  const resolveSecret: SecretResolver = (ref: SecretRef, keyPath: string) => {
    const value = env[ref.env];
    if (value === undefined || value === '') {
      throw new ConfigError(
        `${file}: ${keyPath}: environment variable ${ref.env} is not set (expected the secret there)`,
      );
    }
    return value;
  };
  return {
    ...data,
    file,
    digest: `sha256:${createHash('sha256').update(JSON.stringify(data)).digest('hex')}`,
    evidencePath: path.resolve(dir, data.evidence.path),
    ...(data.exceptions?.file ? { exceptionsPath: path.resolve(dir, data.exceptions.file) } : {}),
    resolveSecret,
  };
}

export async function loadConfig(file: string, env: Env = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: cannot read the config file (${code ?? String(cause)})`, { cause });
  }
  return parseConfig(text, file, env);
}

/** Where the Lambda handler finds its config. */
export const configPathFromEnv = (env: Env = process.env): string => env.ASSAY_CONFIG ?? 'assay.yaml';

/** Whether standard error is a person's terminal and colors may be used; the log level ASSAY_LOG_LEVEL sets. */
export function runtimeFlags(env: Env = process.env): { pretty: boolean; logLevel?: LogLevel } {
  const level = env.ASSAY_LOG_LEVEL;
  if (level && !(LOG_LEVELS as readonly string[]).includes(level))
    throw new ConfigError(`ASSAY_LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got '${level}'`);
  return {
    pretty: process.stderr.isTTY && env.NO_COLOR === undefined,
    ...(level ? { logLevel: level as LogLevel } : {}),
  };
}

/** The process environment; the rest of the program receives it from here. */
export const processEnv = (): Env => process.env;

/**
 * Fails before any collection if a secret reference points at an unset variable, naming the key; the value is
 * read and dropped, not kept.
 */
export function checkSecretReferences(config: Pick<Config, 'sources' | 'resolveSecret'>): void {
  const walk = (node: unknown, keyPath: PropertyKey[]): void => {
    if (node === null || typeof node !== 'object') return;
    const entries = Object.entries(node as Record<string, unknown>);
    if (entries.length === 1 && entries[0]![0] === 'env' && typeof entries[0]![1] === 'string') {
      config.resolveSecret({ env: entries[0]![1] }, formatPath(keyPath));
      return;
    }
    for (const [k, v] of entries) walk(v, [...keyPath, Array.isArray(node) ? Number(k) : k]);
  };
  walk(config.sources, ['sources']);
}

import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { UsageError } from '../errors.js';
import { loadConfig, runtimeFlags, type Config, type Env } from '../config/load-config.js';
import { configJsonSchema, exceptionsJsonSchema } from '../config/config-json-schema.js';
import { createLogger } from '../logging/create-logger.js';
import { collectorRegistry } from '../../collectors/index.js';
import { checkRegistry } from '../../checks/index.js';
import { FRAMEWORKS, type Framework } from '../model/control.js';
import { toolVersion } from '../version.js';
import { runCommand, type FailOn } from './run-command.js';
import { demoCommand } from './demo-command.js';
import { serveCommand } from './serve-command.js';
import { listCommand, verifyCommand } from './evidence-commands.js';
import { EXPORT_FORMATS, findingsExportCommand } from './findings-export-command.js';
import { checksCommand, controlsCommand, permissionsCommand } from './catalog-commands.js';
import { USAGE } from './usage.js';
import { eventsHandleCommand, eventsPatternsCommand } from './events-command.js';
import { attestCommand } from './attest-command.js';
import { accessReviewCommand } from './access-review-command.js';
import { exportCommand, verifyBundleCommand } from './export-command.js';
import { replayCommand } from './replay-command.js';
import { scheduleCommand } from './schedule-command.js';
import { shardsCommand } from './shard-commands.js';
import { checksMarkdown, permissionsMarkdown } from '../reports/docs-markdown.js';
import { updateReadme } from './update-readme.js';
import type { Output } from './output.js';

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  store: { type: 'string' },
  region: { type: 'string' },
  'fail-on': { type: 'string' },
  dir: { type: 'string' },
  seed: { type: 'string' },
  framework: { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  run: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  cron: { type: 'string' },
  shard: { type: 'string' },
  by: { type: 'string' },
  file: { type: 'string' },
  note: { type: 'string' },
  covers: { type: 'string' },
  ref: { type: 'string' },
  ticket: { type: 'string' },
  system: { type: 'string' },
  kind: { type: 'string' },
  period: { type: 'string' },
  control: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  sample: { type: 'string' },
  bundle: { type: 'string' },
  event: { type: 'string' },
  port: { type: 'string' },
  serve: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name}: expected one of ${allowed.join(', ')}, got '${value}'`);
}

/** Runs one command; returns the exit code. Errors propagate to the boundary in cli.ts. */
export async function main(argv: string[], env: Env, out: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new UsageError(`${(cause as Error).message}\n\n${USAGE}`, { cause });
  }
  const {
    values: v,
    positionals: [command, sub, ...rest],
  } = parsed;
  if (v.version) return (out.print(toolVersion()), 0);
  if (v.help || !command) return (out.print(USAGE), v.help ? 0 : 2);
  const flags = runtimeFlags(env);
  const makeLog = (c: Pick<Config, 'log'>): Logger =>
    createLogger({ level: flags.logLevel ?? c.log.level, pretty: flags.pretty });
  const store = v.store ?? './evidence';

  switch (command) {
    case 'run': {
      if (!v.config) throw new UsageError(`assay run: --config FILE is required\n\n${USAGE}`);
      const failOn = oneOf<FailOn>('fail-on', v['fail-on'], ['none', 'fail', 'error'], 'none');
      return runCommand({ config: v.config, failOn, ...(v.store ? { store: v.store } : {}) }, env, makeLog, out);
    }
    case 'schedule': {
      if (!v.config || !v.cron)
        throw new UsageError(`assay schedule: --cron EXPR and --config FILE are required\n\n${USAGE}`);
      const failOn = oneOf<FailOn>('fail-on', v['fail-on'], ['none', 'fail', 'error'], 'none');
      const args = { config: v.config, cron: v.cron, failOn, ...(v.store ? { store: v.store } : {}) };
      return scheduleCommand(args, env, makeLog, out);
    }
    case 'shards': {
      if (!v.config) throw new UsageError(`assay shards: --config FILE is required\n\n${USAGE}`);
      const config = await loadConfig(v.config, env);
      const args = { config, ...(v.run ? { run: v.run } : {}), ...(v.shard ? { shard: v.shard } : {}) };
      return shardsCommand(sub, { ...args, ...(v.store ? { store: v.store } : {}) }, makeLog(config), out);
    }
    case 'demo': {
      const seed = Number(v.seed ?? 42);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed: expected an integer, got '${v.seed}'`);
      const dir = v.dir ?? './assay-demo';
      const code = await demoCommand({ dir, seed }, out, () => makeLog({ log: { level: 'warn' } }));
      if (!v.serve) return code;
      return serveCommand({ store: `${dir}/evidence`, ...(v.port ? { port: v.port } : {}) }, env, out);
    }
    case 'evidence':
      if (sub === 'verify') return v.bundle ? verifyBundleCommand(v.bundle, out) : verifyCommand(store, out, v.region);
      if (sub === 'export') {
        if (!v.framework)
          throw new UsageError(`assay evidence export: --framework iso27001|iso42001 is required\n\n${USAGE}`);
        const framework = oneOf<Framework>('framework', v.framework, FRAMEWORKS, 'iso27001');
        const { control, from, to, sample, seed, out: file } = v;
        const given = Object.entries({ control, from, to, sample, seed, out: file }).filter(([, x]) => x !== undefined);
        return exportCommand({ store, framework, ...Object.fromEntries(given) }, out);
      }
      if (sub === 'list') return listCommand(store, out, v.region);
      if (sub === 'findings') {
        if (!v.format) throw new UsageError(`assay evidence findings: --format csv|ocsf is required\n\n${USAGE}`);
        const format = oneOf('format', v.format, EXPORT_FORMATS, 'ocsf');
        return findingsExportCommand(
          { store, format, ...(v.run ? { run: v.run } : {}), ...(v.out ? { out: v.out } : {}) },
          out,
        );
      }
      throw new UsageError(`assay evidence: expected 'verify', 'list', 'findings' or 'export'\n\n${USAGE}`);
    case 'serve': {
      const { store: s, config, port, by } = v;
      const given = Object.entries({ store: s, config, port, by }).filter(([, x]) => x !== undefined);
      return serveCommand(Object.fromEntries(given), env, out);
    }
    case 'replay':
      if (!sub || rest.length > 0)
        throw new UsageError(`assay replay: expected one run id or chain sequence\n\n${USAGE}`);
      return replayCommand({ store, run: sub, ...(v.config ? { config: v.config } : {}) }, env, out);
    case 'attest':
      if (rest.length > 0) throw new UsageError(`assay attest: unexpected '${rest.join(' ')}'\n\n${USAGE}`);
      return attestCommand(
        {
          kind: sub,
          ...(v.by !== undefined ? { by: v.by } : {}),
          ...(v.file !== undefined ? { file: v.file } : {}),
          ...(v.note !== undefined ? { note: v.note } : {}),
          ...(v.covers !== undefined ? { covers: v.covers } : {}),
          ...(v.ref !== undefined ? { ref: v.ref } : {}),
          ...(v.ticket !== undefined ? { ticket: v.ticket } : {}),
          ...(v.system !== undefined ? { system: v.system } : {}),
          ...(v.kind !== undefined ? { importKind: v.kind } : {}),
          ...(v.store !== undefined ? { store: v.store } : {}),
          ...(v.config !== undefined ? { config: v.config } : {}),
        },
        env,
        out,
      );
    case 'access-review':
      if (rest.length > 0) throw new UsageError(`assay access-review: unexpected '${rest.join(' ')}'\n\n${USAGE}`);
      return accessReviewCommand(
        {
          action: sub,
          ...(v.period !== undefined ? { period: v.period } : {}),
          ...(v.by !== undefined ? { by: v.by } : {}),
          ...(v.file !== undefined ? { file: v.file } : {}),
          ...(v.out !== undefined ? { out: v.out } : {}),
          ...(v.store !== undefined ? { store: v.store } : {}),
          ...(v.config !== undefined ? { config: v.config } : {}),
        },
        env,
        out,
      );
    case 'controls': {
      const framework =
        v.framework === undefined ? undefined : oneOf<Framework>('framework', v.framework, FRAMEWORKS, 'iso27001');
      return controlsCommand(checkRegistry(), out, {
        ...(framework ? { framework } : {}),
        json: Boolean(v.json),
        markdown: Boolean(v.markdown),
      });
    }
    case 'checks':
      if (v.markdown) return (out.print(checksMarkdown(checkRegistry().values())), 0);
      return checksCommand(checkRegistry(), out, { json: Boolean(v.json) });
    case 'permissions':
      if (v.markdown) return (out.print(permissionsMarkdown(collectorRegistry().values())), 0);
      return permissionsCommand(collectorRegistry(), sub, out);
    case 'docs':
      if (sub === 'readme') return updateReadme(out);
      throw new UsageError(`assay docs: expected 'readme'\n\n${USAGE}`);
    case 'config':
      if (sub === 'schema') return (out.print(JSON.stringify(configJsonSchema(), null, 2)), 0);
      throw new UsageError(`assay config: expected 'schema'\n\n${USAGE}`);
    case 'events':
      if (sub === 'patterns') return eventsPatternsCommand(v.config, env, out);
      if (sub === 'handle') {
        if (!v.config || !v.event)
          throw new UsageError(`assay events handle: --config FILE and --event EVENT.json are required\n\n${USAGE}`);
        return eventsHandleCommand(
          { config: v.config, file: v.event, ...(v.store ? { store: v.store } : {}) },
          env,
          makeLog,
          out,
        );
      }
      throw new UsageError(`assay events: expected 'patterns' or 'handle'\n\n${USAGE}`);
    case 'exceptions':
      if (sub === 'schema') return (out.print(JSON.stringify(exceptionsJsonSchema(), null, 2)), 0);
      throw new UsageError(`assay exceptions: expected 'schema'\n\n${USAGE}`);
    default:
      throw new UsageError(`unknown command '${[command, sub, ...rest].filter(Boolean).join(' ')}'\n\n${USAGE}`);
  }
}

import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';
import { REDACT_PATHS } from './redact.js';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Human-readable lines for a terminal; JSON otherwise. */
  pretty: boolean;
  destination?: NodeJS.WritableStream;
}

/** JSON on stderr for machines, readable on a terminal; credentials redacted by path. */
export function createLogger(opts: LoggerOptions): Logger {
  const base = { level: opts.level, base: { app: 'assay' }, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } };
  const destination = opts.destination ?? process.stderr;
  if (opts.pretty) {
    return pino(
      base,
      pretty({ destination, colorize: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss', sync: true }),
    );
  }
  return pino(base, opts.destination ?? pino.destination({ dest: 2, sync: true }));
}

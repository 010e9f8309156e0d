import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { REDACT_PATHS } from './redact.js';
import { terminalSafeDeep, terminalSafeJsonLine, terminalSafeLines } from './terminal-safe.js';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Human-readable lines for a terminal; JSON otherwise. */
  pretty: boolean;
  destination?: NodeJS.WritableStream;
}

/**
 * pino-pretty parses each JSON line back, undoing JSON's escaping, so the record is made terminal-safe between the
 * parse and the printing: names third parties chose cannot move the cursor or forge a line; pino-pretty's colours stay.
 */
function readableLines(destination: NodeJS.WritableStream): DestinationStream {
  const prettify = prettyFactory({ colorize: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss' });
  return {
    write(line: string) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        destination.write(terminalSafeLines(line));
        return;
      }
      destination.write(prettify(terminalSafeDeep(record)));
    },
  };
}

/** JSON lines, with the control characters JSON leaves raw (C1, bidirectional overrides) escaped too. */
function jsonLines(destination: DestinationStream | NodeJS.WritableStream): DestinationStream {
  return { write: (line: string) => void destination.write(terminalSafeJsonLine(line)) };
}

/** JSON on stderr for machines, readable on a terminal; credentials redacted by path. */
export function createLogger(opts: LoggerOptions): Logger {
  const base = { level: opts.level, base: { app: 'assay' }, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } };
  if (opts.pretty) return pino(base, readableLines(opts.destination ?? process.stderr));
  return pino(base, jsonLines(opts.destination ?? pino.destination({ dest: 2, sync: true })));
}

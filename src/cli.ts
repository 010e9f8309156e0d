#!/usr/bin/env node
import { AssayError, ConfigError } from './errors.js';
import { main } from './cli/main.js';
import { processEnv } from './config/load-config.js';
import { silenceAwsNodeVersionWarning } from './config/node-version.js';
import { redactSecrets } from './logging/redact.js';
import { terminalSafeLines } from './logging/terminal-safe.js';
import { stdoutOutput } from './cli/output.js';

/** Messages can quote what third parties named: assay's line breaks stay, other control characters are escaped. */
const say = (text: string): void => void process.stderr.write(`assay: ${terminalSafeLines(text)}\n`);

/** The one error boundary: known errors print their message; anything else is a bug and prints its stack. */
async function boundary(): Promise<number> {
  try {
    return await main(process.argv.slice(2), processEnv(), stdoutOutput);
  } catch (err) {
    if (err instanceof ConfigError) return (say(err.message), 2);
    if (err instanceof AssayError) return (say(err.message), 3);
    say(
      `unexpected error (please report it): ${redactSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err))}`,
    );
    return 3;
  }
}

// `assay checks | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

silenceAwsNodeVersionWarning();
process.exitCode = await boundary();

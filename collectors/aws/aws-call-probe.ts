import type { CallFn } from '../../src/model/collector.js';
import type { Failed } from '../../src/model/datasets/aws-call-failure.js';
import { CollectorError } from '../../src/errors.js';

/**
 * Performs one per-resource call through `call` (so it is recorded and counted) and turns its failure into a
 * `{ failed }` value: one bucket that denies the auditor must not hide every other bucket. A collector that ran out
 * of time still fails as a whole.
 */
export async function probe<T>(
  call: CallFn,
  operation: string,
  fn: () => Promise<T>,
  signal: AbortSignal,
): Promise<T | Failed> {
  try {
    return await call(operation, fn);
  } catch (err) {
    if (signal.aborted || !(err instanceof CollectorError)) throw err;
    return {
      failed: { operation: err.operation, message: err.message, ...(err.status ? { status: err.status } : {}) },
    };
  }
}

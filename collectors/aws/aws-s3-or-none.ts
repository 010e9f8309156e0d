import { isAwsError } from './aws-errors.js';

/** A "not found" answer that is a fact about the bucket (nothing configured), not a failed call. */
export async function orNone<T, N>(fn: () => Promise<T>, codes: readonly string[], none: N): Promise<T | N> {
  try {
    return await fn();
  } catch (err) {
    if (isAwsError(err, ...codes)) return none;
    throw err;
  }
}

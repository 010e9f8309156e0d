import type { AwsSimAccount } from './aws-state.js';

const READABLE = new Set(['ENABLED', 'ENABLED_BY_DEFAULT', 'DISABLING']);

/**
 * The regions a collector reads in `account`: every enabled one, or those of `configured` that are enabled. The
 * global region (us-east-1, where IAM records) is read either way.
 */
export function simRegionsRead(account: AwsSimAccount, configured?: readonly string[]): Set<string> {
  const enabled = Object.entries(account.regions)
    .filter(([, status]) => READABLE.has(status))
    .map(([region]) => region);
  return new Set([...enabled.filter((r) => !configured || configured.includes(r)), 'us-east-1']);
}

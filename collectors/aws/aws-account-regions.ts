import { AccountClient, ListRegionsCommand, type RegionOptStatus } from '@aws-sdk/client-account';
import type { AwsClientConfig } from './aws-client-config.js';
import { PageGuard } from '../paging/page-guard.js';

/** The regions an account's regional reads cover. */
export interface AccountRegions {
  /** Every region enabled for the account, or those of `sources.aws.regions` that are enabled. */
  read: string[];
  /** Enabled regions that `sources.aws.regions` leaves out. */
  notRead: string[];
  /** Regions of `sources.aws.regions` that are not enabled for the account: nothing can happen there. */
  disabled: string[];
}

/** Default regions and opt-in regions the account turned on; a region being disabled still holds its history. */
const READABLE: readonly RegionOptStatus[] = ['ENABLED', 'ENABLED_BY_DEFAULT', 'DISABLING'];
const PAGE_SIZE = 50;
/** AWS has about 35 regions: more pages than this means the paging is broken, not the account. */
const MAX_PAGES = 10;

/**
 * The regions enabled for the account the client's credentials belong to (account:ListRegions, no AccountId).
 * https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html
 */
export async function listEnabledRegions(config: AwsClientConfig, signal: AbortSignal): Promise<string[]> {
  const client = new AccountClient(config);
  try {
    const regions: string[] = [];
    let token: string | undefined;
    const guard = new PageGuard('account:ListRegions', { maxPages: MAX_PAGES });
    do {
      if (token) guard.page(token);
      const page = await client.send(
        new ListRegionsCommand({
          MaxResults: PAGE_SIZE,
          RegionOptStatusContains: [...READABLE],
          ...(token ? { NextToken: token } : {}),
        }),
        { abortSignal: signal },
      );
      for (const r of page.Regions ?? [])
        if (r.RegionName && r.RegionOptStatus && READABLE.includes(r.RegionOptStatus)) regions.push(r.RegionName);
      token = page.NextToken || undefined;
    } while (token);
    if (regions.length === 0) throw new Error('account:ListRegions returned no enabled region');
    return [...new Set(regions)].sort();
  } finally {
    client.destroy();
  }
}

/** What to read given the enabled regions and the optional `sources.aws.regions` restriction. */
export function accountRegions(enabled: readonly string[], configured: readonly string[] | undefined): AccountRegions {
  if (!configured) return { read: [...enabled], notRead: [], disabled: [] };
  const on = new Set(enabled);
  return {
    read: configured.filter((r) => on.has(r)),
    notRead: enabled.filter((r) => !configured.includes(r)),
    disabled: configured.filter((r) => !on.has(r)),
  };
}

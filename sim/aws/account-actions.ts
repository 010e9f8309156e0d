import { AwsSimError } from './aws-protocol.js';
import type { AwsAction } from './aws-route-table.js';

/** account:ListRegions answers at most 50 regions a page. */
const PAGE_MAX = 50;
const STATUSES = new Set(['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT']);

/**
 * AWS Account Management: ListRegions for the caller's own account (REST-JSON, POST /listRegions), every region of
 * the partition with its opt-in status, filtered by RegionOptStatusContains, paged with an opaque NextToken.
 * https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html
 */
export function accountActions(): AwsAction[] {
  return [
    {
      protocol: 'rest-json',
      service: 'account',
      action: 'ListRegions',
      method: 'POST',
      pattern: '/listRegions',
      handle: ({ account, json }) => {
        const j = json as {
          AccountId?: string;
          MaxResults?: number;
          NextToken?: string;
          RegionOptStatusContains?: string[];
        };
        if (j.AccountId !== undefined && j.AccountId !== account.id)
          throw new AwsSimError('AccessDeniedException', 'User is not authorized to perform: account:ListRegions', 403);
        const max = j.MaxResults ?? 20;
        if (!Number.isInteger(max) || max < 1 || max > PAGE_MAX)
          throw new AwsSimError('ValidationException', 'MaxResults must be between 1 and 50', 400);
        const filter = j.RegionOptStatusContains;
        if (filter?.some((s) => !STATUSES.has(s)))
          throw new AwsSimError('ValidationException', 'Invalid RegionOptStatusContains', 400);
        const all = Object.entries(account.regions)
          .filter(([, status]) => !filter || filter.includes(status))
          .sort(([a], [b]) => a.localeCompare(b));
        const start = j.NextToken ? Number(Buffer.from(j.NextToken, 'base64url').toString()) : 0;
        if (!Number.isInteger(start) || start < 0 || start > all.length)
          throw new AwsSimError('ValidationException', 'Invalid NextToken', 400);
        const page = all.slice(start, start + max);
        const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          json: {
            Regions: page.map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus })),
            ...(next ? { NextToken: next } : {}),
          },
        };
      },
    },
  ];
}

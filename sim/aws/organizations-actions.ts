import { AwsSimError } from './aws-protocol.js';
import type { AwsAction } from './aws-route-table.js';

const ORGS = { protocol: 'json', service: 'organizations', targetPrefix: 'AWSOrganizationsV20161128' } as const;
const PAGE = 20;

/**
 * Organizations: ListAccounts, answered to the management account only, 20 accounts a page at most.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
export function organizationsActions(): AwsAction[] {
  return [
    {
      ...ORGS,
      action: 'ListAccounts',
      handle: ({ caller, state, json }) => {
        if (caller.accountId !== state.managementAccountId) {
          throw new AwsSimError('AccessDeniedException', "You don't have permissions to access this resource.", 400);
        }
        const req = json as { MaxResults?: number; NextToken?: string };
        const max = Math.min(req.MaxResults ?? PAGE, PAGE);
        const start = req.NextToken ? Number(Buffer.from(req.NextToken, 'base64url').toString()) : 0;
        if (!Number.isInteger(start) || start < 0)
          throw new AwsSimError('InvalidInputException', 'You provided an invalid value for NextToken.');
        const page = state.accounts.slice(start, start + max);
        const next =
          start + max < state.accounts.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
        return {
          Accounts: page.map((a) => ({
            Id: a.id,
            Arn: `arn:aws:organizations::${state.managementAccountId}:account/${state.organizationId}/${a.id}`,
            Email: a.email,
            Name: a.name,
            Status: a.status,
            State: a.status,
            JoinedMethod: a.id === state.managementAccountId ? 'CREATED' : 'INVITED',
            JoinedTimestamp: Date.parse(state.now) / 1000 - 400 * 86400,
          })),
          ...(next ? { NextToken: next } : {}),
        };
      },
    },
  ];
}

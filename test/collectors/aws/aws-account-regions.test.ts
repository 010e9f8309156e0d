import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { accountRegions, listEnabledRegions } from '../../../collectors/aws/aws-account-regions.js';

const account = mockClient(AccountClient);
afterEach(() => account.reset());
const config = { region: 'us-east-1', maxAttempts: 1, retryMode: 'standard' as const } as never;
const signal = new AbortController().signal;

describe('listEnabledRegions', () => {
  it('pages through ListRegions asking only for readable regions, and keeps enabled and disabling ones', async () => {
    account
      .on(ListRegionsCommand)
      .resolvesOnce({
        Regions: [
          { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
          { RegionName: 'af-south-1', RegionOptStatus: 'ENABLED' },
        ],
        NextToken: 'p2',
      })
      .resolvesOnce({
        Regions: [
          { RegionName: 'me-south-1', RegionOptStatus: 'DISABLING' },
          { RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' },
        ],
      });
    expect(await listEnabledRegions(config, signal)).toEqual(['af-south-1', 'me-south-1', 'us-east-1']);
    const inputs = account.commandCalls(ListRegionsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { MaxResults: 50, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT', 'DISABLING'] },
      { MaxResults: 50, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT', 'DISABLING'], NextToken: 'p2' },
    ]);
  });

  it('refuses an answer without any enabled region, and paging that does not end', async () => {
    account.on(ListRegionsCommand).resolves({ Regions: [] });
    await expect(listEnabledRegions(config, signal)).rejects.toThrow('account:ListRegions returned no enabled region');
    account.reset();
    account.on(ListRegionsCommand).resolves({ Regions: [], NextToken: 'again' });
    await expect(listEnabledRegions(config, signal)).rejects.toThrow(
      'account:ListRegions: the continuation again came back after 2 pages',
    );
    expect(account.commandCalls(ListRegionsCommand)).toHaveLength(2);
    account.reset();
    let page = 0;
    account.on(ListRegionsCommand).callsFake(() => Promise.resolve({ Regions: [], NextToken: `p${++page}` }));
    await expect(listEnabledRegions(config, signal)).rejects.toThrow('account:ListRegions: more than 10 pages');
    expect(account.commandCalls(ListRegionsCommand)).toHaveLength(10);
  });
});

describe('accountRegions', () => {
  it('reads every enabled region unless sources.aws.regions restricts it, and says what is left out', () => {
    const enabled = ['eu-north-1', 'eu-west-1', 'us-east-1', 'us-east-2'];
    expect(accountRegions(enabled, undefined)).toEqual({ read: enabled, notRead: [], disabled: [] });
    expect(accountRegions(enabled, ['us-east-1', 'eu-west-1', 'af-south-1'])).toEqual({
      read: ['us-east-1', 'eu-west-1'],
      notRead: ['eu-north-1', 'us-east-2'],
      disabled: ['af-south-1'],
    });
  });
});

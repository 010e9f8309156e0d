import { defineCollector } from '../../src/model/collector.js';
import type { AwsSourceConfig } from '../../src/model/config/aws-config.js';
import { awsCloudtrailDatasets, type CloudTrailEvent } from '../../src/model/datasets/aws-cloudtrail.js';
import type { DatasetKey } from '../../src/model/datasets/index.js';
import { failAllDatasets, forEachAccount } from './aws-accounts.js';
import { cloudTrailClients } from './aws-cloudtrail-clients.js';
import { collectTrails } from './aws-cloudtrail-trails.js';
import {
  ASSUME_ROLE_EVENTS,
  LOGIN_EVENTS,
  MFA_EVENTS,
  POLICY_EVENTS,
  TRAIL_EVENTS,
  bedrockActivity,
  collectEventWindow,
  eventWindow,
  globalEventRegion,
  type EventQuery,
} from './aws-cloudtrail-events.js';
import { awsCloudtrailPermissions } from './aws-cloudtrail-permissions.js';
import type { AccountRegions } from './aws-account-regions.js';

const byName = (names: readonly string[]): EventQuery['lookups'] => names.map((value) => ({ key: 'EventName', value }));
type EventDataset =
  | 'aws-cloudtrail.policyChangeEvents'
  | 'aws-cloudtrail.mfaDeviceEvents'
  | 'aws-cloudtrail.consoleLoginEvents'
  | 'aws-cloudtrail.trailChangeEvents';
/** Datasets read region by region: a region list that could not be read leaves them unknown. */
const REGIONAL: readonly DatasetKey[] = [
  'aws-cloudtrail.trails',
  'aws-cloudtrail.consoleLoginEvents',
  'aws-cloudtrail.trailChangeEvents',
  'aws-cloudtrail.breakGlassEvents',
  'aws-cloudtrail.bedrockActivity',
];
const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

/**
 * The ARNs of the configured break-glass roles in one account: a name (with its path, if any) becomes
 * `arn:<partition>:iam::<account>:role/<path/>name`; an ARN counts only in the account it names.
 */
export function breakGlassRoleArns(roles: readonly string[], partition: string, accountId: string): string[] {
  const arns = roles.map((r) =>
    r.startsWith('arn:') ? r : `arn:${partition}:iam::${accountId}:role/${r.replace(/^\//, '')}`,
  );
  return [...new Set(arns.filter((arn) => arn.split(':')[4] === accountId))];
}

export const awsCloudtrailCollector = defineCollector<AwsSourceConfig>({
  id: 'aws-cloudtrail',
  source: 'aws',
  title: 'AWS CloudTrail: trails and their status and selectors, risky management events, Bedrock use per region',
  permissions: awsCloudtrailPermissions,
  schema: awsCloudtrailDatasets,
  async collect(ctx) {
    const { lookbackHours, breakGlassRoles } = ctx.config.cloudtrail;
    await forEachAccount(ctx, Object.keys(awsCloudtrailDatasets) as DatasetKey[], async (session, rec) => {
      const { client, lookup, destroy } = cloudTrailClients(session, ctx.signal);
      const global = globalEventRegion(session.homeRegion);
      // IAM has one endpoint, in the global region: its events are recorded there whatever regions are read.
      const iamOnly = { regions: [global], regionsNotRead: [] };
      let regions: AccountRegions | undefined;
      try {
        regions = await session.regions();
      } catch (err) {
        await failAllDatasets(rec, REGIONAL, 'account:ListRegions', err);
      }
      // Since November 2021 sign-in, STS and CloudTrail's own events are recorded in the region where they happen.
      const everywhere = regions ? [...new Set([...regions.read, global])] : [];
      const regional = { regions: everywhere, regionsNotRead: regions?.notRead ?? [] };
      // Each event dataset resumes where its last successful read ended (a cursor), so a failed run leaves no gap.
      const windowOf = (key: DatasetKey) => {
        const cursor = rec.previousCursor(key);
        return eventWindow(ctx.now, lookbackHours, cursor ? new Date(cursor) : undefined);
      };
      const advance = (key: DatasetKey, window: { end: Date }, value: unknown) => {
        if (value !== undefined) rec.setCursor(key, window.end.toISOString());
      };
      const events = async (key: EventDataset, q: EventQuery) => {
        const window = windowOf(key);
        advance(key, window, await rec.dataset(key, (call) => collectEventWindow(call, lookup, q, window, ctx.signal)));
      };
      const roleArns = breakGlassRoleArns(breakGlassRoles, partitionOf(global), session.account.id);
      const regionalReads = (regions: AccountRegions) =>
        Promise.all([
          rec.dataset('aws-cloudtrail.trails', (call) => collectTrails(call, client, regions.read, ctx.signal)),
          events('aws-cloudtrail.consoleLoginEvents', { lookups: byName(LOGIN_EVENTS), ...regional }),
          events('aws-cloudtrail.trailChangeEvents', { lookups: byName(TRAIL_EVENTS), ...regional }),
          roleArns.length === 0
            ? rec.notApplicable(
                'aws-cloudtrail.breakGlassEvents',
                'cloudtrail:LookupEvents',
                breakGlassRoles.length === 0
                  ? 'no break-glass roles are named in sources.aws.cloudtrail.breakGlassRoles'
                  : `no role of sources.aws.cloudtrail.breakGlassRoles is in account ${session.account.id}`,
              )
            : (async () => {
                const key = 'aws-cloudtrail.breakGlassEvents';
                const window = windowOf(key);
                const value = await rec.dataset(key, async (call) => {
                  // ResourceName finds the few events naming the role instead of paging through every AssumeRole.
                  const watched = new Set(roleArns.map((a) => a.toLowerCase()));
                  const keep = (e: CloudTrailEvent) =>
                    ASSUME_ROLE_EVENTS.includes(e.eventName) &&
                    watched.has((e.requestParameters.roleArn ?? '').toLowerCase());
                  const lookups = roleArns.map((value) => ({ key: 'ResourceName' as const, value }));
                  return {
                    ...(await collectEventWindow(call, lookup, { lookups, ...regional, keep }, window, ctx.signal)),
                    eventNames: ASSUME_ROLE_EVENTS,
                    roleArns,
                  };
                });
                advance(key, window, value);
              })(),
          rec.dataset('aws-cloudtrail.bedrockActivity', (call) =>
            Promise.all(
              regions.read.map((region) =>
                lookup(region, (c) => bedrockActivity(call, c, region, ctx.now, ctx.signal)),
              ),
            ),
          ),
        ]);
      try {
        await Promise.all([
          events('aws-cloudtrail.policyChangeEvents', { lookups: byName(POLICY_EVENTS), ...iamOnly }),
          events('aws-cloudtrail.mfaDeviceEvents', { lookups: byName(MFA_EVENTS), ...iamOnly }),
          regions ? regionalReads(regions) : undefined,
        ]);
      } finally {
        destroy();
      }
    });
  },
});

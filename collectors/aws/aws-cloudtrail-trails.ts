import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
  type EventSelector,
  type Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import type { CallFn } from '../../src/model/collector.js';
import type { Trail, TrailSelectors } from '../../src/model/datasets/aws-cloudtrail.js';
import { probe } from './aws-call-probe.js';

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function toSelectors(out: {
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: AdvancedEventSelector[];
}): TrailSelectors {
  return {
    EventSelectors: (out.EventSelectors ?? []).map((s) =>
      defined({
        ReadWriteType: s.ReadWriteType,
        IncludeManagementEvents: s.IncludeManagementEvents,
        ExcludeManagementEventSources: s.ExcludeManagementEventSources,
      }),
    ),
    AdvancedEventSelectors: (out.AdvancedEventSelectors ?? []).map((s) =>
      defined({
        Name: s.Name,
        FieldSelectors: (s.FieldSelectors ?? []).map((f) =>
          defined({
            Field: f.Field ?? '',
            Equals: f.Equals,
            NotEquals: f.NotEquals,
            StartsWith: f.StartsWith,
            NotStartsWith: f.NotStartsWith,
          }),
        ),
      }),
    ),
  };
}

/**
 * The trails visible from `regions` (DescribeTrails with shadow trails, so multi-region and organization trails homed
 * elsewhere show up), deduplicated by ARN; status and event selectors are read once per trail, in its home region
 * and by ARN (a shadow trail cannot be read by name). https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
 */
export async function collectTrails(
  call: CallFn,
  client: (region: string) => CloudTrailClient,
  regions: readonly string[],
  signal: AbortSignal,
): Promise<Trail[]> {
  const listed = await Promise.all(
    regions.map((region) =>
      call(
        'cloudtrail:DescribeTrails',
        async () =>
          (await client(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal: signal }))
            .trailList ?? [],
      ),
    ),
  );
  const unique = new Map<string, SdkTrail & { TrailARN: string; HomeRegion: string }>();
  for (const t of listed.flat()) {
    if (!t.TrailARN || !t.HomeRegion)
      throw new Error(`DescribeTrails returned trail ${t.Name ?? '(no name)'} without an ARN or home region`);
    if (!unique.has(t.TrailARN)) unique.set(t.TrailARN, t as SdkTrail & { TrailARN: string; HomeRegion: string });
  }
  return Promise.all(
    [...unique.values()].map(async (t): Promise<Trail> => {
      const home = client(t.HomeRegion);
      const [status, selectors] = await Promise.all([
        probe(
          call,
          'cloudtrail:GetTrailStatus',
          async () => {
            const s = await home.send(new GetTrailStatusCommand({ Name: t.TrailARN }), { abortSignal: signal });
            return defined({
              IsLogging: s.IsLogging === true,
              LatestDeliveryError: s.LatestDeliveryError || undefined,
              LatestDeliveryTime: s.LatestDeliveryTime?.toISOString(),
            });
          },
          signal,
        ),
        probe(
          call,
          'cloudtrail:GetEventSelectors',
          async () =>
            toSelectors(
              await home.send(new GetEventSelectorsCommand({ TrailName: t.TrailARN }), { abortSignal: signal }),
            ),
          signal,
        ),
      ]);
      return {
        Name: t.Name ?? t.TrailARN,
        TrailARN: t.TrailARN,
        HomeRegion: t.HomeRegion,
        IsMultiRegionTrail: t.IsMultiRegionTrail === true,
        IsOrganizationTrail: t.IsOrganizationTrail === true,
        IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents === true,
        LogFileValidationEnabled: t.LogFileValidationEnabled === true,
        ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
        ...(t.S3BucketName ? { S3BucketName: t.S3BucketName } : {}),
        status,
        selectors,
      };
    }),
  );
}

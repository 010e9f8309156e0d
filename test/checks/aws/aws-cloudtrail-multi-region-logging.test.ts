import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/aws-cloudtrail-multi-region-logging.js';
import { evaluate, messages, statuses } from '../../support/check-harness.js';
import { ACCOUNT, denied, scope, trail } from './aws-logs-fixtures.js';

const run = (trails: unknown[]) => evaluate(check, { scope, data: { 'aws-cloudtrail.trails': trails } });

describe('aws-cloudtrail-multi-region-logging', () => {
  it('passes with one multi-region trail logging read and write management events, whatever the others do', () => {
    const fs = run([trail('legacy', { IsMultiRegionTrail: false }), trail('main')]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)).toEqual([
      `Trail main (home region us-east-1) logs read and write management events in every region of account ${ACCOUNT}.`,
    ]);
  });

  it('counts an organization trail with advanced selectors for the member account it shows up in', () => {
    const org = trail('org', {
      TrailARN: 'arn:aws:cloudtrail:us-east-1:999988887777:trail/org',
      IsOrganizationTrail: true,
      selectors: {
        EventSelectors: [],
        AdvancedEventSelectors: [
          { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      },
    });
    const fs = run([org]);
    expect(statuses(fs)).toEqual(['pass']);
    expect(messages(fs)[0]).toContain('organization trail');
  });

  it("fails the account, naming each trail's gaps, when no trail qualifies", () => {
    const fs = run([
      trail('stopped', { status: { IsLogging: false } }),
      trail('writes', {
        selectors: {
          EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
          AdvancedEventSelectors: [],
        },
      }),
      trail('regional', {
        IsMultiRegionTrail: false,
        selectors: {
          EventSelectors: [],
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Management'] },
                { Field: 'readOnly', Equals: ['true'] },
              ],
            },
          ],
        },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `No trail of account ${ACCOUNT} is a multi-region trail logging read and write management events (stopped: not logging; writes: write management events only; regional: single-region, read management events only).`,
    ]);
    expect(fs[0]!.resource).toEqual({ type: 'aws-account', id: ACCOUNT, name: 'prod' });
  });

  it('fails a trail that is logging but cannot deliver its logs (bucket deleted, policy broken)', () => {
    const fs = run([
      trail('main', {
        status: {
          IsLogging: true,
          LatestDeliveryError: 'NoSuchBucket',
          LatestDeliveryTime: '2026-10-01T00:00:00.000Z',
        },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `No trail of account ${ACCOUNT} is a multi-region trail logging read and write management events (main: failing to deliver logs (NoSuchBucket)).`,
    ]);
  });

  it('fails trails that leave out management event sources (basic ExcludeManagementEventSources or advanced eventSource)', () => {
    const fs = run([
      trail('no-kms', {
        selectors: {
          EventSelectors: [
            {
              ReadWriteType: 'All',
              IncludeManagementEvents: true,
              ExcludeManagementEventSources: ['kms.amazonaws.com'],
            },
          ],
          AdvancedEventSelectors: [],
        },
      }),
      trail('no-rds-data', {
        selectors: {
          EventSelectors: [],
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Management'] },
                { Field: 'eventSource', NotEquals: ['rdsdata.amazonaws.com'] },
              ],
            },
            // A write-only selector without a source filter still counts for writes.
            {
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Management'] },
                { Field: 'readOnly', Equals: ['false'] },
              ],
            },
          ],
        },
      }),
      trail('iam-only', {
        selectors: {
          EventSelectors: [],
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Management'] },
                { Field: 'eventSource', StartsWith: ['iam.'] },
              ],
            },
          ],
        },
      }),
    ]);
    expect(statuses(fs)).toEqual(['fail']);
    expect(messages(fs)).toEqual([
      `No trail of account ${ACCOUNT} is a multi-region trail logging read and write management events (no-kms: management events of some event sources only (excludes kms.amazonaws.com); no-rds-data: write management events only; read events of some event sources only (excludes rdsdata.amazonaws.com); iam-only: management events of some event sources only (only iam.*)).`,
    ]);
  });

  it('fails when the account has no trail at all', () => {
    expect(messages(run([]))).toEqual([`Account ${ACCOUNT} has no CloudTrail trail.`]);
  });

  it("is an error, never a pass or fail, when the only candidate trail's status could not be read", () => {
    const fs = run([
      trail('regional', { IsMultiRegionTrail: false }),
      trail('main', { status: denied('cloudtrail:GetTrailStatus') }),
    ]);
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not confirm that trail main logs management events in every region: cloudtrail:GetTrailStatus failed (AccessDenied: Access Denied).',
    ]);
  });

  it('is an error naming the call when DescribeTrails failed', () => {
    const fs = evaluate(check, {
      scope,
      missing: {
        'aws-cloudtrail.trails': {
          kind: 'error',
          operation: 'cloudtrail:DescribeTrails',
          status: 403,
          message: 'AccessDeniedException: not authorized',
        },
      },
    });
    expect(statuses(fs)).toEqual(['error']);
    expect(messages(fs)).toEqual([
      'Could not evaluate: cloudtrail:DescribeTrails failed (AccessDeniedException: not authorized).',
    ]);
  });
});

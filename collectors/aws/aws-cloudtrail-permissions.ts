import type { Permission } from '../../src/model/collector.js';
import { awsAccountPermissions } from './aws-iam-permissions.js';

/** Read-only CloudTrail actions of the aws-cloudtrail collector. */
export const awsCloudtrailPermissions: readonly Permission[] = [
  {
    name: 'cloudtrail:DescribeTrails',
    why: 'the trails of each region read, shadow and organization trails included',
  },
  { name: 'cloudtrail:GetTrailStatus', why: 'whether each trail is logging, once per trail in its home region' },
  { name: 'cloudtrail:GetEventSelectors', why: 'which management events (read, write) each trail records' },
  {
    name: 'cloudtrail:LookupEvents',
    why: 'risky management events since the previous run, and whether Bedrock is invoked in each region (2 requests/s per region)',
  },
  {
    name: 'account:ListRegions',
    why: 'the regions enabled for the account: sign-in, STS and CloudTrail events are recorded where they happen',
  },
  ...awsAccountPermissions,
];

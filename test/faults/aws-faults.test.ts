import { describe, it } from 'vitest';
import pLimit from 'p-limit';
import { AwsSimError, errorResponse, type AwsProtocol } from '../../sim/aws/aws-protocol.js';
import type { Fault } from '../../sim/http/faults.js';
import { assertFaultRow, runBaseline, type Baseline, type FaultRow } from './fault-matrix.js';
import { startAwsMatrixSim } from './aws-sim-setup.js';

/** An AWS error as the action's protocol puts it on the wire. */
function awsError(protocol: AwsProtocol, status: number, code: string, message: string): Fault {
  const res = errorResponse(protocol, new AwsSimError(code, message, status));
  const text = res.json === undefined ? res.text : JSON.stringify(res.json);
  return {
    kind: 'status',
    status,
    ...(text === undefined ? {} : { text }),
    ...(res.headers ? { headers: res.headers } : {}),
  };
}

/** The config says `maxAttempts: 3`: two retries per request. */
const RETRIES = 2;
const AUTH_DETAILS = 'iam:GetAccountAuthorizationDetails';
const MFA_DEVICES = 'iam:ListVirtualMFADevices';
const ACCOUNTS = 'organizations:ListAccounts';

const rows: FaultRow[] = [
  {
    name: 'throttled with Retry-After, once',
    route: AUTH_DETAILS,
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    times: 1,
    expect: 'recovers',
    budget: () => 1,
    maxSeconds: 25,
  },
  {
    name: 'throttled with Retry-After, persistent',
    route: 'iam:GetAccountSummary',
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    expect: 'fails',
    operation: 'iam:GetAccountSummary',
    why: /Throttl|Rate exceeded/i,
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: '500, transient',
    route: ACCOUNTS,
    fault: awsError('json', 500, 'InternalFailure', 'Simulated InternalFailure'),
    times: 1,
    expect: 'recovers',
    budget: () => 1,
    maxSeconds: 25,
  },
  {
    name: '500, persistent',
    route: 'iam:GetCredentialReport',
    fault: awsError('query', 500, 'InternalFailure', 'Simulated InternalFailure'),
    expect: 'fails',
    operation: 'iam:GetCredentialReport',
    why: /InternalFailure|500/,
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: 'hang past the request timeout',
    route: MFA_DEVICES,
    fault: { kind: 'hang' },
    expect: 'fails',
    operation: MFA_DEVICES,
    why: /longer than|time|abort/i,
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: 'malformed XML',
    route: 'iam:GetAccountPasswordPolicy',
    fault: { kind: 'malformed' },
    expect: 'fails',
    operation: 'iam:GetAccountPasswordPolicy',
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: 'malformed JSON',
    route: 'cloudtrail:DescribeTrails',
    fault: { kind: 'malformed' },
    expect: 'fails',
    operation: 'cloudtrail:DescribeTrails',
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: 'truncated body (content-length promises more)',
    route: ACCOUNTS,
    fault: { kind: 'truncated' },
    expect: 'fails',
    operation: ACCOUNTS,
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: 'truncated body (chunked, connection destroyed)',
    route: 's3:ListBuckets',
    fault: { kind: 'truncated', chunked: true },
    expect: 'fails',
    operation: 's3:ListBuckets',
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: 'connection reset',
    route: AUTH_DETAILS,
    fault: { kind: 'reset' },
    expect: 'fails',
    operation: AUTH_DETAILS,
    budget: (n) => n * RETRIES,
    maxSeconds: 25,
  },
  {
    name: 'short page with more to come (IAM Marker)',
    route: AUTH_DETAILS,
    fault: { kind: 'short-page', size: 2 },
    expect: 'recovers',
    budget: (n) => n * 40,
    maxSeconds: 25,
  },
  {
    name: 'short page with more to come (NextToken)',
    route: ACCOUNTS,
    fault: { kind: 'short-page', size: 1 },
    expect: 'recovers',
    budget: (n) => n * 2,
    maxSeconds: 25,
  },
  {
    name: 'short page with more to come (S3 ContinuationToken)',
    route: 's3:ListBuckets',
    fault: { kind: 'short-page', size: 2 },
    expect: 'recovers',
    budget: (n) => n * 10,
    maxSeconds: 25,
  },
  {
    name: '403 on one call (AccessDenied)',
    route: MFA_DEVICES,
    fault: awsError('query', 403, 'AccessDenied', 'User is not authorized to perform: iam:ListVirtualMFADevices'),
    expect: 'fails',
    operation: MFA_DEVICES,
    why: /AccessDenied|not authorized/,
    budget: () => 0,
    maxSeconds: 25,
  },
  {
    name: 'revoked credentials (InvalidClientTokenId)',
    variant: 'revoked-credentials',
    expect: 'fails',
    operation: /./,
    why: /InvalidClientTokenId|security token/,
    budget: () => 0,
    maxSeconds: 25,
  },
  {
    name: 'DNS failure',
    variant: 'dns-failure',
    expect: 'fails',
    operation: /./,
    why: /ENOTFOUND|getaddrinfo/,
    budget: () => 0,
    maxSeconds: 25,
  },
  {
    name: 'short page with more to come (Identity Center NextToken)',
    route: 'identitystore:ListUsers',
    fault: { kind: 'short-page', size: 5 },
    expect: 'recovers',
    budget: (n) => n * 10,
    maxSeconds: 25,
  },
  {
    name: 'repeating cursor (Identity Center NextToken)',
    route: 'identitystore:ListGroupMemberships',
    fault: { kind: 'repeat-cursor' },
    expect: 'fails',
    operation: 'identitystore:ListGroupMemberships',
    why: /continuation|repeat|twice|loop/i,
    budget: (n) => n * 2,
    maxSeconds: 25,
  },
  {
    name: '403 on one Identity Center call (AccessDeniedException)',
    route: 'sso:ListAccountAssignments',
    fault: awsError('json', 400, 'AccessDeniedException', 'User is not authorized to perform this operation.'),
    expect: 'fails',
    operation: 'sso:ListAccountAssignments',
    why: /AccessDenied|not authorized/,
    budget: () => 0,
    maxSeconds: 25,
  },
  // Fail until the page guard is applied to the collectors: they follow the loop until the collector time limit.
  {
    name: 'repeating cursor (IAM Marker)',
    route: MFA_DEVICES,
    fault: { kind: 'repeat-cursor' },
    expect: 'fails',
    operation: MFA_DEVICES,
    why: /continuation|repeat|twice|loop/i,
    budget: (n) => n * 2,
    maxSeconds: 15,
  },
  {
    name: 'repeating cursor (Organizations NextToken)',
    route: ACCOUNTS,
    fault: { kind: 'repeat-cursor' },
    expect: 'fails',
    operation: ACCOUNTS,
    why: /continuation|repeat|twice|loop/i,
    budget: (n) => n * 2,
    maxSeconds: 15,
  },
];

// Each row on its own simulator, three at a time: much of a run waits for CloudTrail's LookupEvents rate.
const slots = pLimit(3);
describe.concurrent('AWS fault matrix', () => {
  let baseline: Promise<Baseline> | undefined;
  const baselineRun = () =>
    (baseline ??= (async () => {
      const sim = await startAwsMatrixSim();
      try {
        return await runBaseline(sim);
      } finally {
        await sim.stop();
      }
    })());

  it.for(rows)('$name', { timeout: 150_000 }, async (row, { task }) => {
    const base = await baselineRun();
    await slots(async () => {
      const sim = await startAwsMatrixSim();
      try {
        await assertFaultRow('aws', sim, base, row, task.meta);
      } finally {
        await sim.stop();
      }
    });
  });
});

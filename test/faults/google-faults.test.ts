import { afterAll, beforeAll, describe, it } from 'vitest';
import { googleApiError } from '../../sim/google/google-oauth.js';
import { GOOGLE_ROUTES as R } from '../../sim/google/google-routes.js';
import { assertFaultRow, runBaseline, type Baseline, type FaultRow, type MatrixSim } from './fault-matrix.js';
import { startGoogleMatrixSim } from './google-sim-setup.js';

/** The config says `retries: 1`: each request is tried twice. */
const RETRIES = 1;
const ACTIVITIES = /^reports\.activities\.list/;
const forbidden = googleApiError(403, 'Not Authorized to access this resource/api', 'forbidden');

const rows: FaultRow[] = [
  {
    name: '429 with Retry-After, once',
    route: R.users,
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    times: 1,
    expect: 'recovers',
    budget: () => 1,
    maxSeconds: 8,
  },
  {
    name: '429 with Retry-After, persistent',
    route: R.roles,
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    expect: 'fails',
    operation: R.roles,
    why: /429|Quota|rate/i,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: '500, transient',
    route: R.roleAssignments,
    fault: { kind: 'status', status: 500 },
    times: 1,
    expect: 'recovers',
    budget: () => 1,
    maxSeconds: 8,
  },
  {
    name: '500, persistent',
    route: R.members,
    fault: { kind: 'status', status: 500 },
    expect: 'fails',
    operation: R.members,
    why: /500/,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: 'hang past the request timeout',
    route: R.users,
    fault: { kind: 'hang' },
    expect: 'fails',
    operation: R.users,
    why: /longer than|time|abort/i,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: 'malformed JSON',
    route: R.roles,
    fault: { kind: 'malformed' },
    expect: 'fails',
    operation: R.roles,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: 'truncated body (content-length promises more)',
    route: R.activities,
    fault: { kind: 'truncated' },
    expect: 'fails',
    operation: ACTIVITIES,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: 'truncated body (chunked, connection destroyed)',
    route: R.users,
    fault: { kind: 'truncated', chunked: true },
    expect: 'fails',
    operation: R.users,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: 'connection reset',
    route: R.roleAssignments,
    fault: { kind: 'reset' },
    expect: 'fails',
    operation: R.roleAssignments,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: 'short page with more to come',
    route: R.users,
    fault: { kind: 'short-page', size: 7 },
    expect: 'recovers',
    budget: (n) => n * 6,
    maxSeconds: 8,
  },
  {
    name: '403 on one call',
    route: R.activities,
    fault: { kind: 'status', status: 403, body: forbidden.json },
    expect: 'fails',
    operation: ACTIVITIES,
    why: /403|Not Authorized/,
    budget: () => 0,
    maxSeconds: 8,
  },
  {
    name: 'expired credentials (401 invalid_grant at the token endpoint)',
    route: R.token,
    fault: {
      kind: 'status',
      status: 401,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    },
    expect: 'fails',
    operation: /^oauth2\.token/,
    why: /invalid_grant|expired or revoked/,
    budget: (n) => n * RETRIES,
    maxSeconds: 8,
  },
  {
    name: 'revoked key (invalid_grant: Invalid JWT Signature)',
    variant: 'revoked-credentials',
    expect: 'fails',
    operation: /^oauth2\.token/,
    why: /invalid_grant|Invalid JWT Signature/,
    budget: () => 0,
    maxSeconds: 8,
  },
  {
    name: 'DNS failure',
    variant: 'dns-failure',
    expect: 'fails',
    operation: /./,
    why: /ENOTFOUND|getaddrinfo/,
    budget: () => 0,
    maxSeconds: 10,
  },
  {
    name: 'repeating cursor (nextPageToken)',
    route: R.users,
    fault: { kind: 'repeat-cursor' },
    expect: 'fails',
    operation: R.users,
    why: /returned the page .* twice/,
    budget: (n) => n * 2,
    maxSeconds: 8,
  },
];

describe('Google Workspace fault matrix', () => {
  let sim: MatrixSim;
  let baseline: Baseline;
  beforeAll(async () => {
    sim = await startGoogleMatrixSim();
    baseline = await runBaseline(sim);
  }, 60_000);
  afterAll(async () => sim.stop());

  it.for(rows)('$name', { timeout: 60_000 }, async (row, { task }) => {
    await assertFaultRow('google', sim, baseline, row, task.meta);
  });
});

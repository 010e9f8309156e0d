import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertFaultRow, runBaseline, type Baseline, type FaultRow, type MatrixSim } from './fault-matrix.js';
import { startGithubMatrixSim } from './github-sim-setup.js';

const ORG = 'GET /orgs/{org}';
const MEMBERS = 'GET /orgs/{org}/members';
const OUTSIDE = 'GET /orgs/{org}/outside_collaborators';
const REPOS = 'GET /orgs/{org}/repos';
const RULESETS = 'GET /orgs/{org}/rulesets';
const ALERTS = 'GET /orgs/{org}/secret-scanning/alerts';
const GRAPHQL = 'POST /graphql';
const op = (route: string) => new RegExp(`^${route.replace(/[{}/?]/g, '\\$&')}(\\?|$)`);

/** The config says `retries: 1`: each request is tried twice; a rate limit is waited out at most 3 times. */
const RETRIES = 1;
const rows: FaultRow[] = [
  {
    name: '429 with Retry-After, once',
    route: ORG,
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    times: 1,
    expect: 'recovers',
    budget: () => 1,
    maxSeconds: 6,
  },
  {
    name: '429 with Retry-After, persistent',
    route: ORG,
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    expect: 'fails',
    operation: ORG,
    why: /secondary rate limit|429/i,
    budget: (n) => n * 3,
    // Three waits of a second, then the call fails: well before the collector's time limit.
    maxSeconds: 7,
  },
  {
    name: 'secondary rate limit (403 retry-after), once',
    route: MEMBERS,
    fault: { kind: 'rate-limit', retryAfterSeconds: 1, secondary: true },
    times: 1,
    expect: 'recovers',
    budget: () => 1,
    maxSeconds: 6,
  },
  {
    name: 'secondary rate limit (403 retry-after), persistent',
    route: OUTSIDE,
    fault: { kind: 'rate-limit', retryAfterSeconds: 1, secondary: true },
    expect: 'fails',
    operation: op(OUTSIDE),
    why: /secondary rate limit|403/i,
    budget: (n) => n * 3,
    maxSeconds: 7,
  },
  {
    name: '500, transient',
    route: OUTSIDE,
    fault: { kind: 'status', status: 500 },
    times: 1,
    expect: 'recovers',
    budget: () => 1,
    maxSeconds: 6,
  },
  {
    name: '500, persistent',
    route: REPOS,
    fault: { kind: 'status', status: 500 },
    expect: 'fails',
    operation: op(REPOS),
    why: /500/,
    budget: (n) => n * RETRIES,
    maxSeconds: 6,
  },
  {
    name: 'hang past the request timeout',
    route: RULESETS,
    fault: { kind: 'hang' },
    expect: 'fails',
    operation: op(RULESETS),
    why: /longer than|time|abort/i,
    budget: (n) => n * RETRIES,
    maxSeconds: 7,
  },
  {
    name: 'malformed JSON',
    route: ALERTS,
    fault: { kind: 'malformed' },
    expect: 'fails',
    operation: op(ALERTS),
    why: /JSON|parse|malformed/i,
    budget: (n) => n * RETRIES,
    maxSeconds: 6,
  },
  {
    name: 'truncated body (content-length promises more)',
    route: GRAPHQL,
    fault: { kind: 'truncated' },
    expect: 'fails',
    operation: /^POST \/graphql/,
    budget: (n) => n * RETRIES,
    maxSeconds: 6,
  },
  {
    name: 'truncated body (chunked, connection destroyed)',
    route: ORG,
    fault: { kind: 'truncated', chunked: true },
    expect: 'fails',
    operation: ORG,
    budget: (n) => n * RETRIES,
    maxSeconds: 6,
  },
  {
    name: 'connection reset',
    route: OUTSIDE,
    fault: { kind: 'reset' },
    expect: 'fails',
    operation: op(OUTSIDE),
    budget: (n) => n * RETRIES,
    maxSeconds: 6,
  },
  {
    name: 'short page with more to come (REST)',
    route: MEMBERS,
    fault: { kind: 'short-page', size: 2 },
    expect: 'recovers',
    budget: (n) => n * 4,
    maxSeconds: 6,
  },
  {
    name: 'short page with more to come (GraphQL)',
    route: GRAPHQL,
    fault: { kind: 'short-page', size: 5 },
    expect: 'recovers',
    budget: (n) => n * 6,
    maxSeconds: 6,
  },
  {
    name: '403 on one call',
    route: ALERTS,
    fault: { kind: 'status', status: 403, body: { message: 'Resource not accessible by integration' } },
    expect: 'fails',
    operation: op(ALERTS),
    why: /403|not accessible/i,
    budget: () => 0,
    maxSeconds: 6,
  },
  {
    name: 'revoked credentials (401 Bad credentials)',
    variant: 'revoked-credentials',
    expect: 'fails',
    operation: /./,
    why: /Bad credentials|401/,
    budget: () => 0,
    maxSeconds: 6,
  },
  {
    name: 'DNS failure',
    variant: 'dns-failure',
    expect: 'fails',
    operation: /./,
    why: /ENOTFOUND|getaddrinfo|fetch failed/i,
    budget: () => 0,
    maxSeconds: 7,
  },
  // Fail until the page guard is applied to the collectors: they follow the loop until the collector time limit.
  {
    name: 'repeating cursor (REST Link)',
    route: MEMBERS,
    fault: { kind: 'repeat-cursor' },
    expect: 'fails',
    operation: op(MEMBERS),
    why: /continuation|repeat|twice|loop/i,
    budget: (n) => n * 2,
    maxSeconds: 7,
  },
  {
    name: 'repeating cursor (GraphQL endCursor)',
    route: GRAPHQL,
    fault: { kind: 'repeat-cursor' },
    expect: 'fails',
    operation: /^POST \/graphql/,
    why: /continuation|repeat|twice|loop/i,
    budget: (n) => n * 2,
    maxSeconds: 7,
  },
];

describe('GitHub fault matrix', () => {
  let sim: MatrixSim;
  let baseline: Baseline;
  beforeAll(async () => {
    sim = await startGithubMatrixSim();
    baseline = await runBaseline(sim);
  }, 60_000);
  afterAll(async () => sim.stop());

  it.for(rows)('$name', { timeout: 60_000 }, async (row, { task }) => {
    await assertFaultRow('github', sim, baseline, row, task.meta);
  });
});

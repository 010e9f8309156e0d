import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../bench/latency-bound.js';
import { renderResults } from '../../bench/render-results.js';
import type { RunMeasurement } from '../../bench/run-measurement.js';

const measurement = (users: number, rssMiB: number): RunMeasurement => ({
  sim: {
    seed: 42,
    githubOrgs: 1,
    membersPerOrg: 200,
    reposPerOrg: 100,
    awsAccounts: 1,
    awsUsersPerAccount: 100,
    googleUsers: users,
    identityCenterUsers: 40,
    latencyMs: 100,
    tokenInventory: true,
  },
  sizes: {
    github: [],
    aws: {
      accounts: [
        {
          iamEntities: 120,
          credentialReportPolls: 0,
          credentialReportReady: false,
          virtualMfaDevices: 40,
          regions: 6,
          regionsIncludeUsEast1: true,
          uniqueTrails: 2,
          buckets: 9,
          publicAccessReads: 0,
          policyReads: 0,
          kmsKeys: 0,
        },
      ],
      breakGlassRoles: 1,
    },
    google: { users, roles: 5, roleAssignments: 20, groupMembers: [], activityEvents: [], tokenInventory: false },
  },
  wallMs: 20_000,
  cpuMs: 3_000,
  simCpuMs: 9_500,
  checkMs: 60,
  peakRssBytes: rssMiB * 2 ** 20,
  peakHeapBytes: 70 * 2 ** 20,
  baselineRssBytes: 150 * 2 ** 20,
  findings: { pass: 3, fail: 2, error: 0 },
  evidenceBytes: 600_000,
  collectors: [
    { collector: 'aws-cloudtrail', requests: 80, durationMs: 13_000, timedOut: false, failedOperations: [] },
    { collector: 'google-workspace', requests: 20, durationMs: 1_000, timedOut: true, failedOperations: ['x.list'] },
  ],
  requestsServed: 104,
  requestsByRoute: {},
});

const setting = { command: 'npm run bench', machine: '2 × test CPU', node: 'v20', date: '2026-12-07 08:00 UTC' };

describe('bench results in Markdown', () => {
  it('sets requests against the minimum and wall time against the bound, keeping tables intact', () => {
    const md = renderResults(setting, [{ scale: 1, m: measurement(500, 300) }], DEFAULT_LIMITS);
    expect(md).toContain('`npm run bench` on 2 × test CPU, Node v20, 2026-12-07 08:00 UTC.');
    // 1 + 6 + 4 + 11 + 6 × 7 + 6 = 70 requests; discovery 0.2 s, ListRegions, 19 us-east-1 lookups at 2/s: 9.4 s
    // No run alone and no service time measured: the bound is the injected latency's, the alone columns are empty.
    expect(md).toMatch(/\| aws-cloudtrail \| 80 \| 70 \| 1\.14× \| – \| 13\.0 \| 9\.4 \| – \| 1\.38× \|/);
    expect(md).toContain('at 100 ms + 0.0 ms served per request');
    expect(md).toContain('#(R ∪ {us-east-1})');
    expect(md).toContain('TIMED OUT; x.list');
    expect(md).toContain('| simulator CPU time (its own process) | 9.5 s | |');
    expect(md).toContain('≤ 256 MiB: **missed** by 17%');
    for (const line of md.split('\n').filter((l) => l.startsWith('| aws-') || l.startsWith('| google')))
      expect(line.replaceAll('\\|', '').split('|')).toHaveLength(12);
    expect(md).not.toContain('Scale series');
  });

  it("counts the simulator's time to answer on the vendor's side, and times each collector alone", () => {
    const m: RunMeasurement = {
      ...measurement(500, 200),
      simServiceMs: { github: 30, google: 12, aws: 4, receivers: 1 },
      alone: { 'aws-cloudtrail': { durationMs: 11_000, serviceMs: 2 } },
    };
    const md = renderResults(setting, [{ scale: 1, m }], DEFAULT_LIMITS);
    // Alone: 0.3 s of discovery (3 requests) and a region's 19 lookups at 2/s (9 s + one request) at 102 ms: 9.402 s.
    expect(md).toMatch(/\| aws-cloudtrail \| 80 \| 70 \| 1\.14× \| 11\.0 \| 13\.0 \| 9\.4 \| 1\.17× \| 1\.38× \|/);
    expect(md).toContain('at 100 ms + 2.0 ms served per request');
    // Without a run alone, the whole run's median for the vendor: Workspace's 12 ms.
    expect(md).toContain('token + 1 user pages, at 100 ms + 12.0 ms served per request');
    expect(md).toContain(
      "| simulator's median time to answer, after the injected latency (whole run) | github 30.0 ms, google 12.0 ms, aws 4.0 ms | |",
    );
  });

  it('fits a scale series and judges memory growth', () => {
    const md = renderResults(
      setting,
      [
        { scale: 1, m: measurement(500, 200) },
        { scale: 2, m: measurement(1000, 230) },
      ],
      DEFAULT_LIMITS,
    );
    expect(md).toContain('## Scale series');
    expect(md).toContain('| ×2 |');
    expect(md).toContain('peak RSS grows 15% from ×1 to ×2 (target < 10%: **missed**)');
    expect(md).toMatch(/requests = .* × pages \(R² /);
  });
});

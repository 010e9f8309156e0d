import { growth, linearFit } from './growth-fit.js';
import { latencyBound, type BoundLimits } from './latency-bound.js';
import { pagingMinimum } from './paging-minimum.js';
import { vendorOf, type RunMeasurement } from './run-measurement.js';

export const TARGETS = { requestsRatio: 1.1, wallRatio: 1.3, peakRssMiB: 256, rssGrowth: 0.1 } as const;

/** Where and how the bench ran: written above the tables so a reader can judge the numbers. */
export interface BenchSetting {
  command: string;
  machine: string;
  node: string;
  date: string;
  /** How the measured process ran assay (compiled, heap limit). */
  runtime?: string;
}

const mib = (bytes: number) => bytes / 2 ** 20;
const s = (ms: number) => (ms / 1000).toFixed(1);
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const verdict = (value: number, target: number) =>
  value <= target ? 'met' : `**missed** by ${(((value - target) / target) * 100).toFixed(0)}%`;

/**
 * The vendor's time per request: the injected latency plus the simulator's median time to compute its answers (from
 * the collector's run alone when there is one), since a real vendor's latency includes its own work.
 */
const vendorLatency = (m: RunMeasurement, collector: string) => {
  const alone = m.alone?.[collector];
  const served = alone ? alone.serviceMs : (m.simServiceMs?.[vendorOf(collector)] ?? 0);
  return { ms: m.sim.latencyMs + served, served };
};

/**
 * Per collector: requests against the paging minimum, and wall time against the latency bound, both alone (the
 * collector in a run of its own) and within the whole run (all collectors sharing the machine's cores).
 */
export function collectorRows(m: RunMeasurement, limits: Omit<BoundLimits, 'latencyMs'>): string[] {
  const minimum = pagingMinimum(m.sizes);
  const rows = m.collectors.map((c) => {
    const min = minimum[c.collector];
    const latency = vendorLatency(m, c.collector);
    const b = latencyBound(m.sizes, { ...limits, latencyMs: latency.ms })[c.collector];
    const alone = m.alone?.[c.collector];
    const reqRatio = min ? c.requests / min.requests : NaN;
    const ratio = (ms: number) => (b && b.ms > 0 ? x(ms / b.ms) : '?');
    const chain = b && `${b.chain}, at ${m.sim.latencyMs} ms + ${latency.served.toFixed(1)} ms served per request`;
    const notes = [min?.formula, chain, c.timedOut ? 'TIMED OUT' : '', c.failedOperations.join(', ')].filter(
      (t): t is string => Boolean(t),
    );
    return `| ${c.collector} | ${c.requests} | ${min?.requests ?? '?'} | ${x(reqRatio)} | ${alone ? s(alone.durationMs) : '–'} | ${s(c.durationMs)} | ${b ? s(b.ms) : '?'} | ${alone ? ratio(alone.durationMs) : '–'} | ${ratio(c.durationMs)} | ${notes.join('; ').replaceAll('|', '\\|')} |`;
  });
  return [
    `| collector | requests | paging minimum | ratio (≤ ${TARGETS.requestsRatio}) | wall s alone | wall s in the whole run | latency bound s | ratio alone (≤ ${TARGETS.wallRatio}) | ratio in the whole run | minimum's formula; bound's chain |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    ...rows,
  ];
}

export function resourceRows(m: RunMeasurement): string[] {
  const rss = mib(m.peakRssBytes);
  return [
    '| measure | value | target |',
    '|---|--:|---|',
    `| wall time, whole run | ${s(m.wallMs)} s | |`,
    `| peak RSS | ${rss.toFixed(0)} MiB (baseline ${mib(m.baselineRssBytes).toFixed(0)}) | ≤ ${TARGETS.peakRssMiB} MiB: ${verdict(rss, TARGETS.peakRssMiB)} |`,
    `| peak heap | ${mib(m.peakHeapBytes).toFixed(0)} MiB | |`,
    `| CPU time | ${s(m.cpuMs)} s | |`,
    ...(m.simCpuMs === undefined ? [] : [`| simulator CPU time (its own process) | ${s(m.simCpuMs)} s | |`]),
    ...(m.simServiceMs === undefined
      ? []
      : [
          `| simulator's median time to answer, after the injected latency (whole run) | ${Object.entries(
            m.simServiceMs,
          )
            .filter(([vendor]) => ['github', 'google', 'aws'].includes(vendor))
            .map(([vendor, ms]) => `${vendor} ${ms.toFixed(1)} ms`)
            .join(', ')} | |`,
        ]),
    `| check evaluation (each scope read back from the store) | ${m.checkMs} ms | |`,
    `| evidence | ${(m.evidenceBytes / 1e6).toFixed(1)} MB | |`,
    `| requests served (all routes, discovery and AssumeRole included) | ${m.requestsServed} | |`,
    `| findings | ${Object.entries(m.findings)
      .map(([k, v]) => `${k} ${v ?? 0}`)
      .join(', ')} | error 0 |`,
  ];
}

const sizeLine = (m: RunMeasurement) =>
  `${m.sim.githubOrgs} GitHub org × ${m.sim.membersPerOrg} members, ${m.sim.reposPerOrg} repositories; ${m.sim.awsAccounts} AWS accounts × ${m.sim.awsUsersPerAccount} IAM users (${m.sizes.aws.accounts.map((a) => a.regions).join('/')} enabled regions); ${m.sim.googleUsers} Workspace users${m.sizes.google.tokenInventory ? ' (token inventory on)' : ''}${m.sizes.identityCenter ? `; ${m.sizes.identityCenter.users} Identity Center users, ${m.sizes.identityCenter.permissionSets} permission sets` : ''}; ${m.sim.latencyMs} ms latency per request`;

/** The scale series: totals per factor, and how requests, wall time and memory grow with the pages to read. */
export function scaleRows(
  runs: ReadonlyArray<{ scale: number; m: RunMeasurement }>,
  limits: Omit<BoundLimits, 'latencyMs'>,
): string[] {
  const points = runs.map(({ scale, m }) => {
    const min = Object.values(pagingMinimum(m.sizes)).reduce((n, p) => n + p.requests, 0);
    const requests = m.collectors.reduce((n, c) => n + c.requests, 0);
    const bound = Math.max(
      ...m.collectors.map(
        (c) => latencyBound(m.sizes, { ...limits, latencyMs: vendorLatency(m, c.collector).ms })[c.collector]?.ms ?? 0,
      ),
    );
    return { scale, min, requests, wall: m.wallMs, bound, rss: mib(m.peakRssBytes) };
  });
  const lines = [
    '| scale | paging minimum | requests | latency bound s | wall s | peak RSS MiB |',
    '|--:|--:|--:|--:|--:|--:|',
    ...points.map(
      (p) => `| ×${p.scale} | ${p.min} | ${p.requests} | ${s(p.bound)} | ${s(p.wall)} | ${p.rss.toFixed(0)} |`,
    ),
  ];
  if (points.length < 2) return lines;
  const req = linearFit(points.map((p) => [p.min, p.requests]));
  const wall = linearFit(points.map((p) => [p.min, p.wall]));
  const rssGrowth = growth(points.map((p) => p.rss));
  return [
    ...lines,
    '',
    `- requests = ${req.intercept.toFixed(0)} + ${req.slope.toFixed(3)} × pages (R² ${req.r2.toFixed(3)})`,
    `- wall ms = ${wall.intercept.toFixed(0)} + ${wall.slope.toFixed(1)} × pages (R² ${wall.r2.toFixed(3)})`,
    `- peak RSS grows ${(rssGrowth * 100).toFixed(0)}% from ×${points[0]!.scale} to ×${points[points.length - 1]!.scale} (target < ${TARGETS.rssGrowth * 100}%: ${rssGrowth < TARGETS.rssGrowth ? 'met' : '**missed**'})`,
  ];
}

export function renderResults(
  setting: BenchSetting,
  runs: ReadonlyArray<{ scale: number; m: RunMeasurement }>,
  limits: Omit<BoundLimits, 'latencyMs'>,
): string {
  const parts = [
    '# Benchmark results',
    '',
    `\`${setting.command}\` on ${setting.machine}, Node ${setting.node}, ${setting.date}.`,
    ...(setting.runtime ? ['', `Measured process: ${setting.runtime}.`] : []),
  ];
  for (const { scale, m } of runs) {
    parts.push('', `## ×${scale}: ${sizeLine(m)}`, '', ...collectorRows(m, limits), '', ...resourceRows(m));
  }
  if (runs.length > 1) parts.push('', '## Scale series', '', ...scaleRows(runs, limits));
  return parts.join('\n') + '\n';
}

import { growth, linearFit } from './growth-fit.js';
import { latencyBound, type BoundLimits } from './latency-bound.js';
import { pagingMinimum } from './paging-minimum.js';
import type { RunMeasurement } from './run-measurement.js';

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

/** Per collector: requests against the paging minimum, wall time against the latency bound, and the two ratios. */
export function collectorRows(m: RunMeasurement, limits: Omit<BoundLimits, 'latencyMs'>): string[] {
  const minimum = pagingMinimum(m.sizes);
  const bound = latencyBound(m.sizes, { ...limits, latencyMs: m.sim.latencyMs });
  const rows = m.collectors.map((c) => {
    const min = minimum[c.collector];
    const b = bound[c.collector];
    const reqRatio = min ? c.requests / min.requests : NaN;
    const wallRatio = b && b.ms > 0 ? c.durationMs / b.ms : NaN;
    const notes = [min?.formula, b?.chain, c.timedOut ? 'TIMED OUT' : '', c.failedOperations.join(', ')].filter(
      (t): t is string => Boolean(t),
    );
    return `| ${c.collector} | ${c.requests} | ${min?.requests ?? '?'} | ${x(reqRatio)} | ${s(c.durationMs)} | ${b ? s(b.ms) : '?'} | ${x(wallRatio)} | ${notes.join('; ').replaceAll('|', '\\|')} |`;
  });
  return [
    `| collector | requests | paging minimum | ratio (≤ ${TARGETS.requestsRatio}) | wall s | latency bound s | ratio (≤ ${TARGETS.wallRatio}) | minimum's formula; bound's chain |`,
    '|---|--:|--:|--:|--:|--:|--:|---|',
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
      ...Object.values(latencyBound(m.sizes, { ...limits, latencyMs: m.sim.latencyMs })).map((b) => b.ms),
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

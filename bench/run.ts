/**
 * Measures a whole run against the simulated organization (every source, configured as `assay demo` does): wall
 * time, assay's peak RSS and heap (the simulator runs in a child process), HTTP requests per collector and per route.
 * `npm run bench -- --orgs 2 --members 2000 --repos 3000 --accounts 3 --aws-users 3000 --google-users 20000 --latency 5`
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_USAGE, parseBenchArgs } from './bench-args.js';

const args = parseBenchArgs(process.argv.slice(2));
if (args.kind !== 'run') {
  if (args.kind === 'help') console.log(BENCH_USAGE);
  else console.error(`bench: ${args.message}\n\n${BENCH_USAGE}`);
  process.exit(args.kind === 'help' ? 0 : 2);
}
const simOptions = args.sim;

// Loaded once the arguments are known good: --help answers without loading (or depending on) the whole product.
const { pino } = await import('pino');
const { parseConfig } = await import('../src/config/load-config.js');
const { runPipeline } = await import('../src/engine/run-pipeline.js');
const { EvidenceStore } = await import('../src/evidence/evidence-store.js');
const { FsBlobStore } = await import('../src/evidence/fs-blob-store.js');
const { collectorRegistry } = await import('../collectors/index.js');
const { checkRegistry } = await import('../checks/index.js');

const request = async <T>(child: ChildProcess, type: string): Promise<T> => {
  child.send({ type });
  for (;;) {
    const [msg] = (await once(child, 'message')) as [{ type: string } & T];
    if (msg.type === type) return msg;
  }
};

const child = fork(new URL('./sim-process.ts', import.meta.url), [JSON.stringify(simOptions)], {
  execArgv: ['--import', 'tsx'],
});
const [ready] = (await once(child, 'message')) as [{ yaml: string; env: Record<string, string> }];
const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-bench-'));
const baseline = process.memoryUsage();
let peakRss = baseline.rss;
let peakHeap = baseline.heapUsed;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 10);
try {
  const config = parseConfig(ready.yaml, 'bench.yaml', ready.env);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runPipeline(config, {
    collectors: collectorRegistry(),
    checks: checkRegistry(),
    store: new EvidenceStore(new FsBlobStore(dir)),
    log: pino({ level: 'silent' }),
    toolVersion: 'bench',
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sample);
  const { counts } = await request<{ counts: Record<string, number> }>(child, 'counts');
  const mib = (n: number) => +(n / 2 ** 20).toFixed(1);
  console.log(
    JSON.stringify(
      {
        parameters: simOptions,
        wallMs: Math.round(ms),
        cpuMs: Math.round((used.user + used.system) / 1000),
        assayPeakRssMiB: mib(peakRss),
        assayPeakHeapMiB: mib(peakHeap),
        baselineRssMiB: mib(baseline.rss),
        findings: result.manifest.summary,
        evidenceBytes: result.manifest.artifacts.reduce((n, a) => n + a.size, 0),
        requestsByCollector: Object.fromEntries(result.manifest.collectors.map((c) => [c.collector, c.requests])),
        requestsServed: Object.values(counts).reduce((a, b) => a + b, 0),
        requestsByRoute: counts,
      },
      null,
      2,
    ),
  );
} finally {
  clearInterval(sample);
  child.send({ type: 'stop' });
  await rm(dir, { recursive: true, force: true });
}

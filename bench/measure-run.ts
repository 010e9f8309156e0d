/**
 * One measured run in a fresh process (so a scale series does not inherit the previous run's heap): starts the
 * simulator in a child of its own, runs the whole pipeline as `assay demo` configures it, and sends its measurements
 * to the parent over IPC (or prints them as JSON when run alone).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load-config.js';
import { runPipeline } from '../src/engine/run-pipeline.js';
import { EvidenceStore } from '../src/evidence/evidence-store.js';
import { FsBlobStore } from '../src/evidence/fs-blob-store.js';
import { collectorRegistry } from '../collectors/index.js';
import { checkRegistry } from '../checks/index.js';
import type { SimOptions } from './bench-args.js';
import type { RunMeasurement } from './run-measurement.js';
import type { SimSizes } from './sim-sizes.js';

const request = async <T>(child: ChildProcess, type: string): Promise<T> => {
  child.send({ type });
  for (;;) {
    const [msg] = (await once(child, 'message')) as [{ type: string } & T];
    if (msg.type === type) return msg;
  }
};

const simOptions = JSON.parse(process.argv[2] ?? '{}') as SimOptions;
/** With a collector id, the run has that collector alone: its wall time without the others' CPU beside it. */
const alone = process.argv[3];
const child = fork(new URL('./sim-process.ts', import.meta.url), [JSON.stringify(simOptions)], {
  execArgv: ['--import', 'tsx'],
});
const [ready] = (await once(child, 'message')) as [{ yaml: string; env: Record<string, string>; sizes: SimSizes }];
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
    collectors: new Map([...collectorRegistry()].filter(([id]) => alone === undefined || id === alone)),
    checks: checkRegistry(),
    store: new EvidenceStore(new FsBlobStore(dir)),
    log: pino({ level: 'silent' }),
    toolVersion: 'bench',
  });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sample);
  const {
    counts,
    serviceMs,
    cpuMs: simCpuMs,
  } = await request<{ counts: Record<string, number>; serviceMs: Record<string, number>; cpuMs: number }>(
    child,
    'counts',
  );
  const measurement: RunMeasurement = {
    sim: simOptions,
    sizes: ready.sizes,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((used.user + used.system) / 1000),
    checkMs: result.checkMs,
    peakRssBytes: peakRss,
    peakHeapBytes: peakHeap,
    baselineRssBytes: baseline.rss,
    findings: result.manifest.summary,
    evidenceBytes: result.manifest.artifacts.reduce((n, a) => n + a.size, 0),
    collectors: result.manifest.collectors.map((c) => ({
      collector: c.collector,
      requests: c.requests,
      durationMs: Math.round(c.durationMs),
      timedOut: c.timedOut,
      failedOperations: c.failedOperations,
    })),
    simCpuMs,
    simServiceMs: serviceMs,
    requestsServed: Object.values(counts).reduce((a, b) => a + b, 0),
    requestsByRoute: counts,
  };
  if (process.send) process.send({ type: 'measurement', measurement });
  else console.log(JSON.stringify(measurement, null, 2));
} finally {
  clearInterval(sample);
  child.send({ type: 'stop' });
  await rm(dir, { recursive: true, force: true });
}

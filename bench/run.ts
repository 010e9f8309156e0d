/**
 * Measures whole runs against the simulated organization (every source, configured as `assay demo` does): each
 * collector's requests against its paging minimum and wall time against its latency lower bound, then assay's peak
 * RSS and heap (the simulator runs in a process of its own), CPU, check evaluation time and evidence bytes. With
 * `--scale 1,2,4`, one fresh process per factor and a fit of how requests, time and memory grow.
 * `npm run bench -- --out bench/results.md`
 */
import { fork } from 'node:child_process';
import { build } from 'esbuild';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { BENCH_USAGE, parseBenchArgs, scaleSim } from './bench-args.js';
import { DEFAULT_LIMITS } from './latency-bound.js';
import { renderResults } from './render-results.js';
import { vendorOf, type RunMeasurement } from './run-measurement.js';

const args = parseBenchArgs(process.argv.slice(2));
if (args.kind !== 'run') {
  if (args.kind === 'help') console.log(BENCH_USAGE);
  else console.error(`bench: ${args.message}\n\n${BENCH_USAGE}`);
  process.exit(args.kind === 'help' ? 0 : 2);
}
const { sim, scales, out, nodeFlags, alone } = args;

// The measured process runs assay compiled, under plain Node, as the container does: no TypeScript loader in its memory.
const measurer = new URL('./measure-run.bundle.mjs', import.meta.url);
await build({
  entryPoints: [new URL('./measure-run.ts', import.meta.url).pathname],
  outfile: measurer.pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

async function measure(scale: number, collector?: string): Promise<RunMeasurement> {
  const child = fork(measurer, [JSON.stringify(scaleSim(sim, scale)), ...(collector ? [collector] : [])], {
    execArgv: nodeFlags,
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const message = once(child, 'message') as Promise<[{ measurement: RunMeasurement }]>;
  const first = await Promise.race([message, exited.then(([code]) => code)]);
  if (typeof first === 'number' || first === null)
    throw new Error(
      `bench: the run at ×${scale}${collector ? ` (${collector} alone)` : ''} exited (${first}) without measurements`,
    );
  await exited;
  return first[0].measurement;
}

const runs: Array<{ scale: number; m: RunMeasurement }> = [];
for (const scale of scales) {
  console.error(`bench: running ×${scale}…`);
  const m = await measure(scale);
  if (alone) {
    m.alone = {};
    for (const { collector } of m.collectors) {
      console.error(`bench: running ×${scale}, ${collector} alone…`);
      const one = await measure(scale, collector);
      const c = one.collectors.find((x) => x.collector === collector);
      if (c) m.alone[collector] = { durationMs: c.durationMs, serviceMs: one.simServiceMs?.[vendorOf(collector)] ?? 0 };
    }
  }
  runs.push({ scale, m });
}
const cpus = os.cpus();
const markdown = renderResults(
  {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    node: process.version,
    runtime: `assay compiled (esbuild), plain Node, ${nodeFlags.length > 0 ? nodeFlags.join(' ') : "Node's default heap settings"}`,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  },
  runs,
  DEFAULT_LIMITS,
);
console.log(markdown);
if (out) await writeFile(out, markdown);

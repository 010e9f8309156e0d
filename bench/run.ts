/**
 * Measures a whole run against the simulated organization: wall time, peak RSS and heap, HTTP requests per
 * simulated route. `npm run bench -- --members 2000 --orgs 3 --latency 20`
 */
import { parseArgs } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startSimulatedOrganization } from '../sim/organization.js';
import { parseConfig } from '../src/config/load-config.js';
import { runPipeline } from '../src/engine/run-pipeline.js';
import { EvidenceStore } from '../src/evidence/evidence-store.js';
import { FsBlobStore } from '../src/evidence/fs-blob-store.js';
import { collectorRegistry } from '../collectors/index.js';
import { checkRegistry } from '../checks/index.js';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string', default: '2' },
    members: { type: 'string', default: '200' },
    latency: { type: 'string', default: '0' },
    seed: { type: 'string', default: '42' },
  },
});

const sim = await startSimulatedOrganization({
  seed: Number(values.seed),
  githubOrgs: Number(values.orgs),
  membersPerOrg: Number(values.members),
  latencyMs: Number(values.latency),
});
const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-bench-'));
let peakRss = 0;
let peakHeap = 0;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 10);
try {
  const yaml = `version: 1
sources:
  github:
    baseUrl: ${sim.github.baseUrl}
    auth: { token: { env: GH } }
    orgs: [${sim.github.orgs.map((o) => o.login).join(', ')}]
`;
  const config = parseConfig(yaml, 'bench.yaml', { GH: sim.github.token });
  const started = performance.now();
  const result = await runPipeline(config, {
    collectors: collectorRegistry(),
    checks: checkRegistry(),
    store: new EvidenceStore(new FsBlobStore(dir)),
    log: pino({ level: 'silent' }),
    toolVersion: 'bench',
  });
  const ms = performance.now() - started;
  clearInterval(sample);
  const counts = Object.fromEntries(sim.servers.flatMap((s) => Object.entries(s.counts()).map(([k, v]) => [`${s.name} ${k}`, v])));
  console.log(
    JSON.stringify(
      {
        parameters: values,
        wallMs: Math.round(ms),
        peakRssMiB: +(peakRss / 2 ** 20).toFixed(1),
        peakHeapMiB: +(peakHeap / 2 ** 20).toFixed(1),
        findings: result.manifest.summary,
        requestsByCollector: Object.fromEntries(result.manifest.collectors.map((c) => [c.collector, c.requests])),
        requestsByRoute: counts,
      },
      null,
      2,
    ),
  );
} finally {
  clearInterval(sample);
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
}

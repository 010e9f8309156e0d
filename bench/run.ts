/**
 * Measures a whole run against the simulated organization (every source, configured as `assay demo` does): wall
 * time, peak RSS and heap, HTTP requests per collector and per simulated route.
 * `npm run bench -- --orgs 2 --members 2000 --repos 3000 --accounts 3 --aws-users 3000 --google-users 20000 --latency 5`
 */
import { parseArgs } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startSimulatedOrganization } from '../sim/organization.js';
import { parseConfig } from '../src/config/load-config.js';
import { demoConfig } from '../src/cli/demo-config.js';
import { runPipeline } from '../src/engine/run-pipeline.js';
import { EvidenceStore } from '../src/evidence/evidence-store.js';
import { FsBlobStore } from '../src/evidence/fs-blob-store.js';
import { collectorRegistry } from '../collectors/index.js';
import { checkRegistry } from '../checks/index.js';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string', default: '2' },
    members: { type: 'string', default: '200' },
    repos: { type: 'string', default: '50' },
    accounts: { type: 'string', default: '3' },
    'aws-users': { type: 'string', default: '200' },
    'google-users': { type: 'string', default: '500' },
    latency: { type: 'string', default: '0' },
    seed: { type: 'string', default: '42' },
  },
});

const sim = await startSimulatedOrganization({
  seed: Number(values.seed),
  githubOrgs: Number(values.orgs),
  membersPerOrg: Number(values.members),
  reposPerOrg: Number(values.repos),
  awsAccounts: Number(values.accounts),
  awsUsersPerAccount: Number(values['aws-users']),
  googleUsers: Number(values['google-users']),
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
  const { yaml, env } = demoConfig(sim);
  const config = parseConfig(yaml, 'bench.yaml', env);
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

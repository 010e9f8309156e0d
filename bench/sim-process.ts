/**
 * The simulated organization in a process of its own, so the benchmark measures assay's memory and CPU, not the
 * simulator's. Started by bench/measure-run.ts over IPC: sends the demo config and the organization's sizes, answers
 * 'counts', stops on 'stop', and exits when its parent is gone (a measured run that ran out of memory sends no 'stop').
 */
import { startSimulatedOrganization, type SimulatedOrganizationOptions } from '../sim/organization.js';
import { demoConfig } from '../src/cli/demo-config.js';
import { simSizes } from './sim-sizes.js';

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
};

const opts = JSON.parse(process.argv[2] ?? '{}') as SimulatedOrganizationOptions & { tokenInventory?: boolean };
const sim = await startSimulatedOrganization(opts);
if (opts.tokenInventory === false) sim.google.designations.tokenInventory = false;
// The simulator builds GitHub's GraphQL schema on its first query (half a second); a real GitHub has it ready, so the
// measured run should not wait for it. The warm-up query is not counted.
await fetch(`${sim.github.baseUrl}/graphql`, {
  method: 'POST',
  headers: { authorization: `bearer ${sim.github.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ rateLimit { cost } }' }),
}).then((r) => r.arrayBuffer());
sim.github.server.resetCounts();
const { yaml, env } = demoConfig(sim);
// The bench measures how long collection takes; the demo's two-minute limit would cut the large sizes short.
process.send!({
  type: 'ready',
  yaml: yaml.replace(/collectorTimeoutSeconds: \d+/, 'collectorTimeoutSeconds: 3600'),
  env,
  sizes: simSizes(sim),
});
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'counts') {
    const counts = Object.fromEntries(
      sim.servers.flatMap((s) => Object.entries(s.counts()).map(([k, v]) => [`${s.name} ${k}`, v])),
    );
    const cpu = process.cpuUsage();
    const serviceMs = Object.fromEntries(sim.servers.map((s) => [s.name, median(s.serviceTimes())]));
    process.send!({ type: 'counts', counts, serviceMs, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
  } else if (msg.type === 'stop') {
    void sim.stop().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => {
  void sim.stop().finally(() => process.exit(0));
});

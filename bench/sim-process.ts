/**
 * The simulated organization in a process of its own, so the benchmark measures assay's memory and CPU, not the
 * simulator's. Started by bench/run.ts over IPC: sends the demo config, answers 'counts', stops on 'stop'.
 */
import { startSimulatedOrganization, type SimulatedOrganizationOptions } from '../sim/organization.js';
import { demoConfig } from '../src/cli/demo-config.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as SimulatedOrganizationOptions;
const sim = await startSimulatedOrganization(opts);
process.send!({ type: 'ready', ...demoConfig(sim) });
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'counts') {
    const counts = Object.fromEntries(
      sim.servers.flatMap((s) => Object.entries(s.counts()).map(([k, v]) => [`${s.name} ${k}`, v])),
    );
    process.send!({ type: 'counts', counts });
  } else if (msg.type === 'stop') {
    void sim.stop().finally(() => process.exit(0));
  }
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { collectorRegistry } from '../../collectors/index.js';
import { allDerivations } from '../../collectors/derived/index.js';
import { checkRegistry } from '../../checks/index.js';
import { demoConfig } from '../../src/cli/demo-config.js';
import { bufferOutput } from '../../src/cli/output.js';
import { replayCommand } from '../../src/cli/replay-command.js';
import { parseConfig } from '../../src/config/load-config.js';
import { runPipeline, type RunResult } from '../../src/engine/run-pipeline.js';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { tempStore, type TempStore } from '../support/sim-run.js';

describe('assay replay on a demo run (every source, the demo config)', () => {
  let sim: SimulatedOrganization;
  let t: TempStore;
  let result: RunResult;
  let configFile: string;

  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 42 });
    t = await tempStore();
    const { yaml, env } = demoConfig(sim);
    configFile = path.join(t.dir, '..', `${path.basename(t.dir)}-assay.yaml`);
    await writeFile(configFile, yaml);
    const config = parseConfig(yaml, configFile, env);
    result = await runPipeline(config, {
      collectors: collectorRegistry(),
      derivations: allDerivations,
      checks: checkRegistry(),
      store: t.store,
      log: pino({ level: 'silent' }),
      toolVersion: 'test',
    });
  }, 240_000);
  afterAll(async () => {
    await sim.stop();
    await t.cleanup();
  });

  it('reproduces every stored finding from the stored snapshots, with the run config', async () => {
    expect(result.findings.length).toBeGreaterThan(50);
    const out = bufferOutput();
    const code = await replayCommand({ store: t.dir, run: result.runId, config: configFile }, {}, out);
    expect(out.text()).toBe(
      `✔ ${result.findings.length} findings reproduced from the stored evidence (${(await result.loadSnapshots()).length} snapshots of run #1 ${result.runId}, ${result.manifest.artifacts.length} artifacts verified against its manifest).`,
    );
    expect(code).toBe(0);
  }, 60_000);

  it('without the config, names the findings that depend on non-default check parameters', async () => {
    const out = bufferOutput();
    const code = await replayCommand({ store: t.dir, run: '1' }, {}, out);
    expect(code).toBe(1);
    const differing = out
      .text()
      .split('\n')
      .filter((l) => l.startsWith('✘ ') && l.includes('|'))
      .map((l) => l.slice(2, l.indexOf('|')));
    // The demo config sets parameters of these checks only; every other finding is reproduced.
    const configured = new Set([
      'aws-s3-evidence-bucket-object-lock',
      'google-third-party-app-access',
      'google-super-admin-count',
      'google-inactive-accounts',
    ]);
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.filter((id) => !configured.has(id))).toEqual([]);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { demoConfig } from '../../src/cli/demo-config.js';
import { REDACT_PATHS } from '../../src/logging/redact.js';
import { runWithConfig, tempStore, type TempStore } from '../support/sim-run.js';

/** Every credential the simulated vendors hold, and every leaked secret they could reveal. */
function secretsOf(sim: SimulatedOrganization): string[] {
  const key = JSON.parse(sim.google.serviceAccountKeyJson) as { private_key: string; private_key_id: string };
  const leaked = Object.values(sim.github.state.code).flatMap((c) => c.alerts.map((a) => a.secret));
  const pem = key.private_key.split('\n').filter((l) => l.length > 40);
  return [sim.github.token, sim.aws.secretAccessKey, key.private_key_id, ...pem, ...leaked];
}

async function allEvidenceText(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const texts = await Promise.all(
    files.map(async (f) => {
      const bytes = await readFile(path.join(f.parentPath, f.name));
      return f.name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    }),
  );
  return texts.join('\n');
}

describe('secrets never leave the source', () => {
  let sim: SimulatedOrganization;
  let t: TempStore;
  let logs = '';

  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 11, googleUsers: 60 });
    t = await tempStore();
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        logs += String(chunk);
        done();
      },
    });
    const { yaml, env } = demoConfig(sim);
    await runWithConfig(yaml, env, t.store, { log: pino({ level: 'trace', redact: REDACT_PATHS }, sink) });
  }, 120_000);
  afterAll(async () => {
    await sim.stop();
    await t.cleanup();
  });

  it('plants secrets to look for', () => {
    expect(secretsOf(sim).length).toBeGreaterThan(5);
  });

  it('keeps tokens, keys and leaked secret values out of every snapshot, finding, report and manifest', async () => {
    const text = await allEvidenceText(t.dir);
    expect(text.length).toBeGreaterThan(10_000);
    for (const secret of secretsOf(sim))
      expect(text.includes(secret), `evidence contains ${secret.slice(0, 12)}…`).toBe(false);
  });

  it('keeps them out of the logs, even at trace level', () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secretsOf(sim))
      expect(logs.includes(secret), `logs contain ${secret.slice(0, 12)}…`).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { bufferOutput } from '../../src/cli/output.js';
import { exitCodeFor } from '../../src/cli/run-command.js';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import type { Finding } from '../../src/model/finding.js';

const findings = (...statuses: Finding['status'][]) => ({
  findings: statuses.map((status) => ({ status }) as Finding),
});

describe('assay run', () => {
  it('exits non-zero only when --fail-on asks', () => {
    expect(exitCodeFor(findings('pass', 'fail', 'error'), 'none')).toBe(0);
    expect(exitCodeFor(findings('pass', 'error'), 'fail')).toBe(0);
    expect(exitCodeFor(findings('pass', 'fail'), 'fail')).toBe(1);
    expect(exitCodeFor(findings('pass', 'error'), 'error')).toBe(1);
    expect(exitCodeFor(findings('pass', 'not_applicable'), 'error')).toBe(0);
  });

  describe('against the simulated organization', () => {
    let sim: SimulatedOrganization;
    let dir: string;
    beforeAll(async () => {
      sim = await startSimulatedOrganization({ seed: 5 });
      dir = await mkdtemp(path.join(os.tmpdir(), 'assay-run-'));
      await writeFile(
        path.join(dir, 'assay.yaml'),
        `version: 1
log: { level: silent }
sources:
  github:
    baseUrl: ${sim.github.baseUrl}
    auth: { token: { env: RUN_TEST_TOKEN } }
    orgs: [${sim.github.orgs[0]!.login}]
`,
      );
    });
    afterAll(async () => {
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('stores the run next to the config, prints the report path, and lists and verifies it', async () => {
      const env = { RUN_TEST_TOKEN: sim.github.token };
      const out = bufferOutput();
      expect(await main(['run', '--config', path.join(dir, 'assay.yaml'), '--fail-on', 'fail'], env, out)).toBe(1);
      expect(out.text()).toMatch(new RegExp(`Report: ${dir}/evidence/runs/\\d{8}T\\d{6}Z-[0-9a-f]{6}/report\\.html`));
      const list = bufferOutput();
      expect(await main(['evidence', 'list', '--store', path.join(dir, 'evidence')], env, list)).toBe(0);
      expect(list.text().split('\n')).toHaveLength(2);
      const verify = bufferOutput();
      expect(await main(['evidence', 'verify', '--store', path.join(dir, 'evidence')], env, verify)).toBe(0);
      expect(verify.text()).toContain('✔ Evidence verified: 1 run');
    });

    it('names the missing environment variable of a secret reference as a config error', async () => {
      await expect(main(['run', '--config', path.join(dir, 'assay.yaml')], {}, bufferOutput())).rejects.toThrow(
        `${path.join(dir, 'assay.yaml')}: sources.github.auth.token: environment variable RUN_TEST_TOKEN is not set (expected the secret there)`,
      );
    });
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openLocalStore } from '../../src/cli/open-store.js';
import { bufferOutput } from '../../src/cli/output.js';
import { appendTriage } from '../../src/console/triage.js';
import { FindingSchema, type Finding } from '../../src/model/finding.js';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';

/** `assay run` twice on the simulated organization, with an exception proposed and approved in the console between. */
describe('an exception approved in the console, end to end', () => {
  let sim: SimulatedOrganization;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulatedOrganization({ seed: 5 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-console-exception-'));
    await writeFile(
      path.join(dir, 'assay.yaml'),
      `version: 1
log: { level: silent }
exceptions:
  approvers: [ann@example.com]
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

  it('makes the finding excepted in the next run, with its approver, and the store still verifies', async () => {
    const env = { RUN_TEST_TOKEN: sim.github.token };
    const run = () => main(['run', '--config', path.join(dir, 'assay.yaml')], env, bufferOutput());
    const { store } = openLocalStore(path.join(dir, 'evidence'));
    const newest = async (): Promise<{ findings: Finding[]; exceptions: unknown }> => {
      const m = (await store.listRuns()).at(-1)!;
      return {
        findings: (await store.readFindingsOf(m)).map((r) => FindingSchema.parse(r)),
        exceptions: m.exceptions,
      };
    };

    expect(await run()).toBe(0);
    const failing = (await newest()).findings.find((f) => f.status === 'fail')!;
    const today = new Date();
    const expires = new Date(today.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const proposal = await appendTriage(
      store.records,
      'tom@example.com',
      {
        action: 'propose-exception',
        finding: failing.key,
        check: failing.checkId,
        resource: failing.resource.id,
        justification: 'Accepted while the owning team migrates',
        expires,
      },
      today,
    );
    await appendTriage(
      store.records,
      'ann@example.com',
      { action: 'approve-exception', finding: failing.key, proposal: proposal.seq },
      today,
    );

    expect(await run()).toBe(0);
    const second = await newest();
    expect(second.findings.find((f) => f.key === failing.key)).toMatchObject({
      status: 'excepted',
      exception: { id: `console#${proposal.seq}`, state: 'in_force', approvedBy: 'ann@example.com', expires },
    });
    expect(second.exceptions).toMatchObject({ file: 'console', inForce: [`console#${proposal.seq}`], stale: [] });
    const verify = bufferOutput();
    expect(await main(['evidence', 'verify', '--store', path.join(dir, 'evidence')], env, verify)).toBe(0);
    expect(verify.text()).toContain('✔ Evidence verified: 2 runs');
  });
});

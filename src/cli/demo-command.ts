import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { parseConfig, type Config } from '../config/load-config.js';
import { startSimulatedOrganization } from '../../sim/organization.js';
import { executeRun } from './run-command.js';
import { demoConfig } from './demo-config.js';
import { demoException } from './demo-exception.js';
import { accessReviewTruth, seedDemoAccessReview } from './demo-access-review.js';
import { openLocalStore } from './open-store.js';
import { CLOUDTRAIL_DELIVERY_DELAY_MS } from '../../collectors/aws/aws-cloudtrail-events.js';
import { verifyCommand } from './evidence-commands.js';
import type { Output } from './output.js';
import { nodeVersionNotice } from '../config/node-version.js';
import type { Finding } from '../model/finding.js';
import type { GroundTruth } from '../../sim/ground-truth.js';
import type { Manifest } from '../model/run.js';
import { renderFindingsExport } from './findings-export-command.js';
import { receiverSummary } from './demo-receivers.js';
import { seedDemoAttestations } from './attest-command.js';
import { exportAndVerify } from './export-command.js';
import { executivesTable, offboardingTable, peopleGraphOf, renderTableText } from '../reports/people-tables.js';

/** How many planted violations the run flagged, and any finding the ground truth does not explain. */
export function compareWithTruth(
  findings: readonly Finding[],
  truth: GroundTruth,
): { planted: number; found: number; unexpected: number } {
  // An excepted violation was flagged, and accepted by an approver: it counts as found, never as a pass.
  const failing = new Set(
    findings
      .filter((f) => f.status === 'fail' || f.status === 'excepted')
      .map((f) => `${f.checkId}|${f.scope.id}|${f.resource.id}`),
  );
  const planted = Object.entries(truth).flatMap(([checkId, list]) =>
    list.map((t) => `${checkId}|${t.scopeId}|${t.resourceId}`),
  );
  const plantedSet = new Set(planted);
  return {
    planted: planted.length,
    found: planted.filter((k) => failing.has(k)).length,
    unexpected: [...failing].filter((k) => !plantedSet.has(k) && Object.hasOwn(truth, k.split('|')[0]!)).length,
  };
}

/** The run's findings as an auditor takes them away: OCSF JSON lines and CSV, beside the evidence. */
async function writeExports(dir: string, storeDir: string, manifest: Manifest, out: Output): Promise<void> {
  const { store } = openLocalStore(storeDir);
  for (const [format, name] of [
    ['ocsf', 'findings.ocsf.jsonl'],
    ['csv', 'findings.csv'],
  ] as const) {
    const file = path.join(dir, name);
    await writeFile(file, (await renderFindingsExport(store, manifest, format)).text);
    out.print(`${format === 'ocsf' ? 'OCSF 1.8.0 Compliance Findings' : 'Findings CSV'}: ${file}`);
  }
}

/** Starts the simulated organization on loopback, runs assay against it, verifies the evidence. */
export async function demoCommand(
  opts: { dir: string; seed: number },
  out: Output,
  makeLog: (c: Config) => Logger,
): Promise<number> {
  const dir = path.resolve(opts.dir);
  await mkdir(dir, { recursive: true });
  const notice = nodeVersionNotice();
  if (notice) out.print(notice);
  out.print(`Starting the simulated organization (seed ${opts.seed}) on 127.0.0.1 …`);
  // The AWS event checks read CloudTrail from the previous stored run on, so the truth uses the same window.
  const head = await openLocalStore(path.join(dir, 'evidence')).store.head();
  const since = head ? new Date(Date.parse(head.manifest.startedAt) - CLOUDTRAIL_DELIVERY_DELAY_MS) : undefined;
  const sim = await startSimulatedOrganization({ seed: opts.seed, ...(since ? { awsEventsSince: since } : {}) });
  try {
    const file = path.join(dir, 'assay.yaml');
    const generated = demoConfig(sim);
    const { env } = generated;
    const exception = demoException(sim.truth, sim.google.domain, new Date());
    if (exception) await writeFile(path.join(dir, 'exceptions.yaml'), exception.fileYaml);
    const yaml = exception ? `${generated.yaml}${exception.configYaml}` : generated.yaml;
    await writeFile(file, yaml);
    const config = parseConfig(yaml, file, env);
    out.print(`Config: ${file}\n`);
    const seeded = await seedDemoAttestations(config.evidencePath, new Date());
    if (seeded > 0) out.print(`Seeded ${seeded} attestations (management review, policy reviews, audit…) as records\n`);
    // The access-review checks judge what the store holds before the run: none on a first run, then the seeded one.
    const reviewTruth = await accessReviewTruth(config.evidencePath, {
      periodDays: config.people?.accessReview?.periodDays ?? 90,
      slaHours: config.people?.offboardingSlaHours ?? 24,
      now: new Date(),
    });
    const { result } = await executeRun(config, makeLog(config), out, 'none');
    const graph = peopleGraphOf(await result.loadSnapshots());
    if (graph)
      out.print(
        `\n${renderTableText(executivesTable(graph))}\n\n${renderTableText(offboardingTable(graph, new Date(result.manifest.startedAt)))}`,
      );
    const t = compareWithTruth(result.findings, { ...sim.truth, ...reviewTruth });
    out.print(
      `\nGround truth: ${t.found} of ${t.planted} planted violations flagged, ${t.unexpected} unexpected failures.`,
    );
    out.print(`Simulated API requests served: ${sim.servers.reduce((n, s) => n + s.total(), 0)}\n`);
    out.print(`${receiverSummary(sim.receivers.state)}\n`);
    await seedDemoAccessReview(
      {
        configFile: file,
        dir,
        storeDir: config.evidencePath,
        truth: sim.truth,
        domain: sim.google.domain,
        now: new Date(),
        env,
      },
      out,
    );
    await writeExports(dir, config.evidencePath, result.manifest, out);
    const verified = await verifyCommand(config.evidencePath, out);
    const bundle = path.join(dir, `evidence-bundle-iso27001-${result.runId}.zip`);
    return Math.max(verified, await exportAndVerify(config.evidencePath, bundle, out));
  } finally {
    await sim.stop();
  }
}

import { stat } from 'node:fs/promises';
import { verifyEvidence } from '../evidence/verify.js';
import { terminalSafe } from '../logging/terminal-safe.js';
import { openLocalStore } from './open-store.js';
import type { Output } from './output.js';

export async function verifyCommand(storeDir: string, out: Output): Promise<number> {
  const { blobs, store } = openLocalStore(storeDir);
  if (!(await isDirectory(blobs.location))) {
    out.print(`✘ No evidence store at ${blobs.location}: nothing to verify.`);
    return 1;
  }
  const report = await verifyEvidence(blobs);
  // Paths are file names anyone with access to the store chose: escaped, so none can forge a line of this report.
  for (const p of report.problems) out.print(`✘ ${terminalSafe(p.path)}: ${terminalSafe(p.problem)}`);
  for (const r of report.incompleteRuns)
    out.print(`– run ${terminalSafe(r.runId)} has no manifest: it ${terminalSafe(r.detail)}; it is not evidence`);
  for (const key of report.leftovers)
    out.print(`– ${terminalSafe(key)}: temporary file of an interrupted write; not evidence, nothing lists it`);
  out.print(
    report.ok
      ? `✔ Evidence verified: ${report.runs} run${report.runs === 1 ? '' : 's'} in ${blobs.location}; every artifact hash and the manifest chain match.`
      : `✘ Evidence verification FAILED: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${blobs.location}.`,
  );
  const { anchored, pending } = report.records;
  if (anchored + pending > 0)
    out.print(
      `  records: ${anchored} anchored by the chain${pending > 0 ? `, ${pending} written since the newest run (the next run anchors them)` : ''}`,
    );
  if (report.ok && report.runs > 0) {
    // The chain proves every earlier run; the head itself is anchored by recording this digest elsewhere (or by S3 Object Lock).
    const head = await store.head();
    if (head)
      out.print(`  head: run #${head.manifest.sequence} ${head.manifest.runId}, manifest sha256 ${head.sha256}`);
  }
  return report.ok ? 0 : 1;
}

const isDirectory = (p: string): Promise<boolean> =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

export async function listCommand(storeDir: string, out: Output): Promise<number> {
  const { store, blobs } = openLocalStore(storeDir);
  const runs = await store.listRuns();
  if (runs.length === 0) {
    out.print(`No runs in ${blobs.location}.`);
    return 0;
  }
  out.print('seq  run id                      started                   pass  fail error   n/a  artifacts');
  for (const m of runs) {
    const s = m.summary;
    out.print(
      `${String(m.sequence).padStart(3)}  ${terminalSafe(m.runId).padEnd(26)}  ${m.startedAt.padEnd(24)}  ${[s.pass, s.fail, s.error, s.not_applicable].map((n) => String(n).padStart(4)).join('  ')}  ${m.artifacts.length}`,
    );
  }
  return 0;
}

import { stat } from 'node:fs/promises';
import { EvidenceError } from '../errors.js';
import { verifyEvidence, type VerifyReport } from '../evidence/verify.js';
import { chainKey, intentKey, recoveryKey } from '../evidence/store-layout.js';
import { terminalSafe } from '../logging/terminal-safe.js';
import { openStoreFlag, type OpenedStore } from './open-store.js';
import type { Output } from './output.js';

/** `--store`: a directory or `s3://bucket/prefix/`; `region` for S3 when the SDK's own lookup has none. */
export async function verifyCommand(storeFlag: string, out: Output, region?: string): Promise<number> {
  const opened = openStoreFlag(storeFlag, region);
  try {
    return await verifyOpened(opened, out);
  } finally {
    opened.close();
  }
}

async function verifyOpened({ blobs, store, location }: OpenedStore, out: Output): Promise<number> {
  const local = !location.startsWith('s3://');
  if (local && !(await isDirectory(location))) {
    out.print(`✘ No evidence store at ${location}: nothing to verify.`);
    return 1;
  }
  let report: VerifyReport;
  try {
    report = await verifyEvidence(blobs);
  } catch (e) {
    if (!(e instanceof EvidenceError)) throw e;
    out.print(`✘ Evidence verification FAILED: the store could not be read: ${terminalSafe(e.message)}`);
    return 1;
  }
  if (!local && report.ok && report.runs === 0 && report.incompleteRuns.length === 0) {
    out.print(`✘ No evidence at ${location}: nothing to verify.`);
    return 1;
  }
  // Paths are file names anyone with access to the store chose: escaped, so none can forge a line of this report.
  for (const p of report.problems) out.print(`✘ ${terminalSafe(p.path)}: ${terminalSafe(p.problem)}`);
  for (const r of report.incompleteRuns)
    out.print(`– run ${terminalSafe(r.runId)} has no manifest: it ${terminalSafe(r.detail)}; it is not evidence`);
  for (const key of report.leftovers)
    out.print(`– ${terminalSafe(key)}: temporary file of an interrupted write; not evidence, nothing lists it`);
  for (const p of report.pendingCommits)
    out.print(
      `– run ${terminalSafe(p.runId)} (#${p.sequence}) stored every artifact and its findings but not ${chainKey(p.sequence)} ` +
        `(it died committing, or that manifest was deleted): the next run writes it from ${terminalSafe(intentKey(p.sequence, p.runId))}`,
    );
  for (const r of report.rolledForward)
    out.print(
      `– run ${terminalSafe(r.runId)} (#${r.sequence}) died before its manifest; a later run wrote it from its commit intent at ${r.rolledForwardAt} (${recoveryKey(r.sequence)})`,
    );
  out.print(
    report.ok
      ? `✔ Evidence verified: ${report.runs} run${report.runs === 1 ? '' : 's'} in ${location}; every artifact hash and the manifest chain match.`
      : `✘ Evidence verification FAILED: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${location}.`,
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
      out.print(
        `  head: run #${head.manifest.sequence} ${terminalSafe(head.manifest.runId)}, manifest sha256 ${head.sha256}` +
          (head.manifest.store && !head.manifest.store.locked ? ' (stored without Object Lock)' : ''),
      );
  }
  return report.ok ? 0 : 1;
}

const isDirectory = (p: string): Promise<boolean> =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

export async function listCommand(storeFlag: string, out: Output, region?: string): Promise<number> {
  const { store, location, close } = openStoreFlag(storeFlag, region);
  const runs = await store.listRuns().finally(close);
  if (runs.length === 0) {
    out.print(`No runs in ${location}.`);
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

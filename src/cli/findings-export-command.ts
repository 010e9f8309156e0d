import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkRegistry } from '../../checks/index.js';
import { EvidenceError, UsageError } from '../errors.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { artifactKey, FINDINGS_PATH } from '../evidence/store-layout.js';
import { FindingSchema, type Finding } from '../model/finding.js';
import type { Manifest } from '../model/run.js';
import { findingsCsv } from '../reports/findings-csv.js';
import { ocsfJsonLines } from '../reports/ocsf-compliance-finding.js';
import { openStoreFlag } from './open-store.js';
import type { Output } from './output.js';

export const EXPORT_FORMATS = ['csv', 'ocsf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A stored run's findings, each checked against the finding schema: a line that is not one is named, not skipped. */
async function storedFindings(store: EvidenceStore, manifest: Manifest): Promise<Finding[]> {
  const lines = await store.readFindingsOf(manifest);
  return lines.map((line, i) => {
    const parsed = FindingSchema.safeParse(line);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw new EvidenceError(
      `${artifactKey(manifest.runId, FINDINGS_PATH)}: finding ${i + 1} is not a valid finding at ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      { code: 'invalid' },
    );
  });
}

/**
 * The export of one committed run. OCSF needs the keys of the run it follows (a finding seen before is an Update);
 * that run's findings are read through the same checks, and a chain missing it is an error, not a guess.
 */
export async function renderFindingsExport(
  store: EvidenceStore,
  manifest: Manifest,
  format: ExportFormat,
  runs?: readonly Manifest[],
): Promise<{ text: string; findings: number }> {
  const findings = await storedFindings(store, manifest);
  const checks = checkRegistry();
  if (format === 'csv') {
    const remediations = new Map([...checks.values()].map((c) => [c.id, c.remediation]));
    const text = findingsCsv(findings, {
      runId: manifest.runId,
      startedAt: new Date(manifest.startedAt),
      remediations,
    });
    return { text, findings: findings.length };
  }
  let previousKeys = new Set<string>();
  if (manifest.previous) {
    const { sequence, runId } = manifest.previous;
    const previous = (runs ?? (await store.listRuns())).find((m) => m.sequence === sequence && m.runId === runId);
    if (!previous)
      throw new EvidenceError(
        `run ${manifest.runId} follows run #${sequence} ${runId}, which is not in the store; \`assay evidence verify\` shows the state`,
      );
    previousKeys = new Set((await storedFindings(store, previous)).map((f) => f.key));
  }
  const text = ocsfJsonLines(findings, {
    runId: manifest.runId,
    startedAt: new Date(manifest.startedAt),
    toolVersion: manifest.tool.version,
    checks,
    previousKeys,
  });
  return { text, findings: findings.length };
}

/** `assay evidence findings`: a stored run's findings as CSV or OCSF JSON lines, the newest run unless --run says. */
export async function findingsExportCommand(
  args: { store: string; format: ExportFormat; run?: string; out?: string },
  out: Output,
): Promise<number> {
  const { store, blobs } = openStoreFlag(args.store);
  const target = args.out ? path.resolve(args.out) : undefined;
  if (target && (target + path.sep).startsWith(blobs.location + path.sep))
    throw new UsageError(`--out ${args.out}: refusing to write inside the evidence store ${blobs.location}`);
  if (args.format === 'csv' && !target)
    throw new UsageError('assay evidence findings: --format csv needs --out FILE (a CSV is for a spreadsheet)');
  const runs = await store.listRuns();
  const manifest = args.run === undefined ? runs.at(-1) : runs.find((m) => m.runId === args.run);
  if (!manifest)
    throw new UsageError(
      args.run === undefined
        ? `assay evidence findings: no committed run in ${blobs.location}`
        : `--run ${args.run}: no such run in ${blobs.location} (\`assay evidence list\` shows them)`,
    );
  const { text, findings } = await renderFindingsExport(store, manifest, args.format, runs);
  if (!target) {
    if (text !== '') out.print(text.replace(/\n$/, ''));
    return 0;
  }
  await writeFile(target, text);
  out.print(`Wrote ${findings} findings of run #${manifest.sequence} ${manifest.runId} to ${target}`);
  return 0;
}

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkRegistry } from '../../checks/index.js';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { UsageError } from '../errors.js';
import { buildBundle } from '../export/build-bundle.js';
import { collectBundle } from '../export/collect-bundle.js';
import type { BundleCheck } from '../export/control-evidence.js';
import { verifyBundle } from '../export/verify-bundle.js';
import { terminalSafe } from '../logging/terminal-safe.js';
import type { Framework } from '../model/control.js';
import { toolVersion } from '../version.js';
import { openLocalStore } from './open-store.js';
import type { Output } from './output.js';

export interface ExportArgs {
  store: string;
  framework: Framework;
  control?: string;
  from?: string;
  to?: string;
  sample?: string;
  seed?: string;
  out?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-11-01` is that whole UTC day: its start for --from, its last millisecond for --to. */
function parseDate(flag: 'from' | 'to', value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const iso = DATE_ONLY.test(value) ? `${value}T${flag === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
  const t = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t))
    throw new UsageError(`--${flag}: expected a date (2026-11-01) or an ISO date-time, got '${value}'`);
  return new Date(t);
}

/** `8.5` or `A.8.5` for ISO 27001, `A.6.2.6` or `6.2.6` for ISO 42001: the catalog's id, or a usage error. */
function catalogControl(framework: Framework, value: string): string {
  const id = framework === 'iso27001' ? value.replace(/^A\./, '') : value.startsWith('A.') ? value : `A.${value}`;
  if (!controlCatalog.some((c) => c.framework === framework && c.id === id))
    throw new UsageError(
      `--control ${value}: not a control of ${framework} (\`assay controls --framework ${framework}\` lists them)`,
    );
  return id;
}

function sampleSpec(sample: string | undefined, seed: string | undefined): { n: number; seed: string } | undefined {
  if (sample === undefined && seed === undefined) return undefined;
  if (sample === undefined || seed === undefined)
    throw new UsageError('--sample N and --seed S go together: a sample is drawn from its seed, so it can be redrawn');
  const n = Number(sample);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--sample: expected a positive integer, got '${sample}'`);
  return { n, seed };
}

export const bundleChecks = (): BundleCheck[] =>
  [...checkRegistry().values()].map(({ id, title, controls, requires }) => ({ id, title, controls, requires }));

/** `assay evidence export`: the auditors' bundle of one framework (or control) over a period, as a zip. */
export async function exportCommand(args: ExportArgs, out: Output, now: Date = new Date()): Promise<number> {
  if (!args.out) throw new UsageError('assay evidence export: --out FILE.zip is required');
  const { store, blobs } = openLocalStore(args.store);
  const target = path.resolve(args.out);
  if ((target + path.sep).startsWith(blobs.location + path.sep))
    throw new UsageError(`--out ${args.out}: refusing to write inside the evidence store ${blobs.location}`);
  const from = parseDate('from', args.from, new Date(0));
  const to = parseDate('to', args.to, now);
  if (from > to) throw new UsageError(`--from ${args.from} is after --to ${args.to ?? now.toISOString()}`);
  const control = args.control === undefined ? undefined : catalogControl(args.framework, args.control);
  const sample = sampleSpec(args.sample, args.seed);
  const request = {
    framework: args.framework,
    from,
    to,
    ...(control ? { control } : {}),
    ...(sample ? { sample } : {}),
  };
  const checks = bundleChecks();
  const data = await collectBundle(store, controlCatalog, checks, request);
  if (data.runs.length === 0)
    throw new UsageError(
      `assay evidence export: no committed run in ${blobs.location} started between ${from.toISOString()} and ${to.toISOString()}`,
    );
  const bundle = buildBundle(data, checks, { generatedAt: now, toolVersion: toolVersion() });
  try {
    // Never over an existing file: a bundle handed to an auditor is not replaced silently.
    await writeFile(target, bundle.zip, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`--out ${args.out}: the file exists; choose another name`, { cause: e });
    throw e;
  }
  out.print(
    `Wrote ${target}: ${data.controls.length} control${data.controls.length === 1 ? '' : 's'}, ${data.runs.length} run${data.runs.length === 1 ? '' : 's'} (#${data.runs[0]!.manifest.sequence}–#${data.runs.at(-1)!.manifest.sequence}), ${bundle.manifest.files.length} files; bundle-manifest.json sha256 ${bundle.manifestSha256}`,
  );
  return 0;
}

/** `assay evidence verify --bundle FILE.zip`: a bundle checked offline; exit 1 naming each file at fault. */
export async function verifyBundleCommand(file: string, out: Output): Promise<number> {
  let zip: Uint8Array;
  try {
    zip = await readFile(file);
  } catch (e) {
    throw new UsageError(`--bundle ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      cause: e,
    });
  }
  const r = verifyBundle(zip);
  for (const p of r.problems) out.print(`✘ ${terminalSafe(p.path)}: ${terminalSafe(p.problem)}`);
  out.print(
    r.ok
      ? `✔ Bundle verified: ${r.files} files and ${r.runs} run manifest${r.runs === 1 ? '' : 's'} in ${file}; every hash and chain link matches (bundle-manifest.json sha256 ${r.manifestSha256}, last manifest sha256 ${r.headSha256 ?? 'none'}).`
      : `✘ Bundle verification FAILED: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} in ${file}.`,
  );
  return r.ok ? 0 : 1;
}

/** The demo's bundle: ISO/IEC 27001 over every stored run, written beside the report, then verified. */
export async function exportAndVerify(storeDir: string, file: string, out: Output): Promise<number> {
  await exportCommand({ store: storeDir, framework: 'iso27001', out: file }, out);
  return verifyBundleCommand(file, out);
}

import { controlCatalog } from '../../checks/controls/catalog.js';
import { bundleChecks } from '../cli/export-command.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { buildBundle } from '../export/build-bundle.js';
import { collectBundle } from '../export/collect-bundle.js';
import type { BundleCheck } from '../export/control-evidence.js';
import { controlRef, FRAMEWORK_NAMES, FRAMEWORKS, type Control, type Framework } from '../model/control.js';
import { esc } from '../reports/html-escape.js';
import { toolVersion } from '../version.js';

/** Who may download a bundle: auditors and approvers (the loopback admin holds every role). */
export const mayExport = (roles: ReadonlySet<string>): boolean => roles.has('auditor') || roles.has('approver');

export interface ExportQuery {
  framework: Framework;
  /** A catalog control id of the framework; the whole framework when absent. */
  control?: string;
  from: Date;
  to: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const day = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * The export form's query: `scope`, a framework (`iso27001`: all its controls) or a control reference
 * (`iso27001:8.5`, `iso42001:A.6.2.6`), and `from` and `to`, whole UTC days as `assay evidence export` reads them.
 * A string is what is wrong with it.
 */
export function parseExportQuery(
  q: Record<string, string | undefined>,
  catalog: readonly Control[] = controlCatalog,
): ExportQuery | string {
  const [fw, control, ...rest] = (q.scope ?? '').split(':');
  const framework = FRAMEWORKS.find((f) => f === fw);
  if (!framework || rest.length > 0)
    return `scope: expected ${FRAMEWORKS.join(' or ')}, or a control such as iso27001:8.5`;
  if (control !== undefined && !catalog.some((c) => c.framework === framework && c.id === control))
    return `scope: '${control}' is not a control of ${framework}`;
  for (const k of ['from', 'to'] as const)
    if (!q[k] || !DATE.test(q[k]) || Number.isNaN(Date.parse(q[k]))) return `${k}: expected a date (2026-11-01)`;
  const from = new Date(`${q.from!}T00:00:00.000Z`);
  const to = new Date(`${q.to!}T23:59:59.999Z`);
  if (from > to) return `from: ${q.from!} is after to ${q.to!}`;
  return { framework, ...(control ? { control } : {}), from, to };
}

/** `assay-<framework>[-<control>]-<from>-<to>.zip`, letters, digits, dots and dashes only. */
export const bundleFilename = (e: ExportQuery): string =>
  `assay-${[e.framework, ...(e.control ? [e.control] : []), day(e.from), day(e.to)].join('-')}.zip`.replace(
    /[^A-Za-z0-9.-]/g,
    '_',
  );

/**
 * The same bundle `assay evidence export` writes, built in memory from the store (read only): undefined when no run
 * started in the period.
 */
export async function exportBundle(
  store: EvidenceStore,
  query: ExportQuery,
  now: Date,
  checks: readonly BundleCheck[] = bundleChecks(),
): Promise<Uint8Array | undefined> {
  const data = await collectBundle(store, controlCatalog, checks, query);
  if (data.runs.length === 0) return undefined;
  return buildBundle(data, checks, { generatedAt: now, toolVersion: toolVersion() }).zip;
}

/** The download form: for one control (a hidden field) or a choice of framework or control; the period is given. */
export function exportForm(
  period: { from: string; to: string },
  fixed?: Pick<Control, 'framework' | 'id'>,
  catalog: readonly Control[] = controlCatalog,
): string {
  const which = fixed
    ? `<input type="hidden" name="scope" value="${esc(controlRef(fixed))}">`
    : `<label>Controls<select name="scope">${FRAMEWORKS.map((f) => `<option value="${f}">${esc(FRAMEWORK_NAMES[f])}: all</option>`).join('')}${catalog
        .map(
          (c) =>
            `<option value="${esc(controlRef(c))}">${esc(`${FRAMEWORK_NAMES[c.framework]} ${c.id} ${c.title}`)}</option>`,
        )
        .join('')}</select></label>`;
  return `<form class="filters export" method="get" action="/export">${which}
<label>From<input type="date" name="from" value="${esc(period.from)}" required></label>
<label>To<input type="date" name="to" value="${esc(period.to)}" required></label>
<button type="submit">Download the auditors' bundle</button></form>`;
}

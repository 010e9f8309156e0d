import type { Finding } from '../model/finding.js';
import { isoControlReference, qualifiedControl } from './iso-control-reference.js';

/** The run a CSV describes and the remediation of each check, by check id. */
export interface CsvRunContext {
  runId: string;
  startedAt: Date;
  remediations: ReadonlyMap<string, string>;
}

/** Column order is part of the format: auditors' spreadsheets and scripts read columns by position. */
export const CSV_COLUMNS = [
  'run_id',
  'run_started_at',
  'check_id',
  'check_version',
  'title',
  'status',
  'severity',
  'lifecycle',
  'first_seen',
  'scope_kind',
  'scope_id',
  'scope_name',
  'resource_type',
  'resource_id',
  'resource_name',
  'controls',
  'message',
  'remediation',
  'exception_id',
  'exception_state',
  'exception_expires',
  'exception_approved_by',
  'exception_ticket',
  'finding_key',
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

/**
 * A cell a spreadsheet would read as a formula is prefixed with `'`, so it shows as text and runs nothing
 * (https://owasp.org/www-community/attacks/CSV_Injection): resource names and messages come from vendors' users.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): quoted when it holds a quote, comma or line break. */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(f: Finding, ctx: CsvRunContext): Row {
  return {
    run_id: ctx.runId,
    run_started_at: ctx.startedAt.toISOString(),
    check_id: f.checkId,
    check_version: String(f.checkVersion),
    title: f.title,
    status: f.status,
    severity: f.severity,
    lifecycle: f.lifecycle ?? '',
    first_seen: f.firstSeen ?? '',
    scope_kind: f.scope.kind,
    scope_id: f.scope.id,
    scope_name: f.scope.name ?? '',
    resource_type: f.resource.type,
    resource_id: f.resource.id,
    resource_name: f.resource.name ?? '',
    controls: f.controls.map((c) => qualifiedControl(isoControlReference(c))).join('; '),
    message: f.message,
    remediation: ctx.remediations.get(f.checkId) ?? '',
    exception_id: f.exception?.id ?? '',
    exception_state: f.exception?.state ?? '',
    exception_expires: f.exception?.expires ?? '',
    exception_approved_by: f.exception?.approvedBy ?? '',
    exception_ticket: f.exception?.ticket ?? '',
    finding_key: f.key,
  };
}

/**
 * One header line, then one line per finding, CRLF-terminated as RFC 4180 says, after a UTF-8 byte order mark
 * (without it, Excel reads UTF-8 as the local code page). `observed` is left out: it holds vendor values that belong
 * in the evidence store, not in a spreadsheet passed around.
 */
export function findingsCsv(findings: readonly Finding[], ctx: CsvRunContext): string {
  const lines = [
    CSV_COLUMNS.join(','),
    ...findings.map((f) => CSV_COLUMNS.map((c) => csvCell(row(f, ctx)[c])).join(',')),
  ];
  return `\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`;
}

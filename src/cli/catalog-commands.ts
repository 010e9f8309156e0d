import { checkParamDefaults, type AnyCheck } from '../model/check.js';
import { FRAMEWORK_NAMES, FRAMEWORKS, controlRef, type Framework } from '../model/control.js';
import { controlCatalog } from '../../checks/controls/catalog.js';
import type { Collector } from '../model/collector.js';
import type { Output } from './output.js';
import { isAttestationCheck } from '../reports/control-coverage.js';
import { awsCallerPolicyDocument, awsPolicyDocument } from '../../collectors/aws/aws-policy-document.js';

/**
 * Every control and how it is evidenced: `automated` (a check reads it from an API), `attested` (only `attestation-*`
 * checks speak for it: people record the evidence with `assay attest`), or "manual — no evidence yet".
 */
export function controlsCommand(
  checks: ReadonlyMap<string, AnyCheck>,
  out: Output,
  opts: { framework?: Framework; json?: boolean; markdown?: boolean },
): number {
  const frameworks = opts.framework ? [opts.framework] : [...FRAMEWORKS];
  const mapped = new Map<string, { checks: string[]; attestationChecks: string[] }>();
  for (const c of checks.values())
    for (const ref of c.controls) {
      const entry = mapped.get(ref) ?? { checks: [], attestationChecks: [] };
      (isAttestationCheck(c.id) ? entry.attestationChecks : entry.checks).push(c.id);
      mapped.set(ref, entry);
    }
  const rows = controlCatalog
    .filter((c) => frameworks.includes(c.framework))
    .map((c) => {
      const m = mapped.get(controlRef(c)) ?? { checks: [], attestationChecks: [] };
      const state = m.checks.length ? 'automated' : m.attestationChecks.length ? 'attested' : 'manual';
      return { ...c, ref: controlRef(c), state, ...m };
    });
  if (opts.json) {
    out.print(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (opts.markdown) {
    out.print(controlsMarkdown(rows));
    return 0;
  }
  for (const fw of frameworks) {
    const list = rows.filter((r) => r.framework === fw);
    const count = (state: string) => list.filter((r) => r.state === state).length;
    out.print(
      `\n${FRAMEWORK_NAMES[fw]}: ${count('automated')} of ${list.length} controls have automated checks, ${count('attested')} are attested, ${count('manual')} are manual — no evidence yet`,
    );
    for (const r of list)
      out.print(
        `  ${r.id.padEnd(8)} ${r.title.slice(0, 60).padEnd(60)} ${r.state === 'manual' ? 'manual — no evidence yet' : `${r.state.padEnd(9)} ${[...r.checks, ...r.attestationChecks].join(', ')}`}`,
      );
  }
  return 0;
}

/** The README's coverage table: every control, how it is evidenced, and by which checks. */
export function controlsMarkdown(
  rows: readonly {
    framework: Framework;
    id: string;
    title: string;
    state: string;
    checks: string[];
    attestationChecks: string[];
  }[],
): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  return [
    '| Control | Title | Evidence | Checks |',
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.framework === 'iso27001' ? '27001' : '42001'} ${r.id} | ${cell(r.title)} | ${r.state === 'manual' ? 'manual — no evidence yet' : r.state} | ${[...r.checks, ...r.attestationChecks].map((c) => `\`${c}\``).join(', ')} |`,
    ),
  ].join('\n');
}

export function checksCommand(checks: ReadonlyMap<string, AnyCheck>, out: Output, opts: { json?: boolean }): number {
  const list = [...checks.values()];
  if (opts.json) {
    out.print(
      JSON.stringify(
        list.map((check) => {
          const { evaluate: _e, params: _p, ...meta } = check;
          return { ...meta, params: checkParamDefaults(check) };
        }),
        null,
        2,
      ),
    );
    return 0;
  }
  for (const c of list) {
    const params = checkParamDefaults(c);
    out.print(
      `${c.id}  [${c.severity}]  ${c.title}\n    controls: ${c.controls.join(', ')}\n    requires: ${c.requires.join(', ')}` +
        (Object.keys(params).length ? `\n    params:   ${JSON.stringify(params)}` : ''),
    );
  }
  return 0;
}

export function permissionsCommand(
  collectors: ReadonlyMap<string, Collector>,
  source: string | undefined,
  out: Output,
): number {
  const list = [...collectors.values()].filter((c) => !source || c.source === source);
  if (source === 'aws') {
    out.print(
      '# IAM policy for the audit role assay reads each account through (read-only; compare with SecurityAudit):',
    );
    out.print(JSON.stringify(awsPolicyDocument(list), null, 2));
    out.print("\n# Added to the identity assay runs as, to assume that role and list the organization's accounts:");
    out.print(JSON.stringify(awsCallerPolicyDocument(list), null, 2));
    return 0;
  }
  for (const c of list) {
    out.print(`${c.id} (${c.title})`);
    for (const p of c.permissions) out.print(`  ${p.name}: ${p.why}`);
  }
  return list.length > 0 ? 0 : 2;
}

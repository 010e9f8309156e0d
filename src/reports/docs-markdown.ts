import { checkParamDefaults, type AnyCheck } from '../model/check.js';
import type { Collector } from '../model/collector.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README's checks table, generated from the registry so the docs cannot drift from the code. */
export function checksMarkdown(checks: Iterable<AnyCheck>): string {
  const rows = [...checks].map((c) => {
    const controls = c.controls.map((r) => r.replace('iso27001:', '27001 ').replace('iso42001:', '42001 ')).join(', ');
    const params = Object.entries(checkParamDefaults(c))
      .map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\``)
      .join(', ');
    return `| \`${c.id}\` | ${c.severity} | ${cell(controls)} | ${cell(c.title)} | ${cell(params)} |`;
  });
  return [
    '| Check | Severity | Controls | Passes when | Parameters (defaults) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The README's permissions table, from what each collector declares. */
export function permissionsMarkdown(collectors: Iterable<Collector>): string {
  const rows = [...collectors].flatMap((c) =>
    c.permissions.map((p) => `| \`${c.id}\` | ${cell(p.name)} | ${cell(p.why)} |`),
  );
  return ['| Collector | Permission | Why |', '|---|---|---|', ...rows].join('\n');
}

export const GENERATED = { checks: 'checks', permissions: 'permissions' } as const;

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceGenerated(doc: string, name: string, body: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${start} … ${end} block`);
  return `${doc.slice(0, i + start.length)}\n${body}\n${doc.slice(j)}`;
}

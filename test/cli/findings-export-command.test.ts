import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findingsExportCommand } from '../../src/cli/findings-export-command.js';
import { main } from '../../src/cli/main.js';
import { bufferOutput } from '../../src/cli/output.js';
import { EvidenceError, UsageError } from '../../src/errors.js';
import type { EvidenceStore } from '../../src/evidence/evidence-store.js';
import type { Finding } from '../../src/model/finding.js';
import type { Manifest } from '../../src/model/run.js';
import { commitFields, storeRun, tempStore, type TempStore } from '../evidence/evidence-fixtures.js';
import { loadOcsfValidator } from '../support/ocsf-schema.js';

const finding = (login: string, over: Partial<Finding> = {}): Finding => ({
  key: `github-members-2fa-enabled|github-org:acme|${login}`,
  checkId: 'github-members-2fa-enabled',
  checkVersion: 1,
  title: 'Every GitHub organization member has two-factor authentication enabled',
  status: 'fail',
  severity: 'high',
  scope: { kind: 'github-org', id: 'acme' },
  resource: { type: 'github-user', id: login },
  message: `Member ${login} of acme has two-factor authentication disabled.`,
  observed: { login },
  controls: ['iso27001:5.17', 'iso27001:8.5'],
  lifecycle: 'new',
  firstSeen: '2026-12-01T10:00:00.000Z',
  ...over,
});

async function commitRun(
  store: EvidenceStore,
  runId: string,
  startedAt: string,
  findings: Finding[],
): Promise<Manifest> {
  const writer = store.beginRun(runId, new Date(startedAt));
  const { manifest } = await writer.commitAfter(() =>
    Promise.resolve({
      artifacts: [
        {
          path: 'findings.jsonl',
          body: Buffer.from(findings.map((f) => `${JSON.stringify(f)}\n`).join('')),
          mediaType: 'application/x-ndjson',
        },
      ],
      fields: { ...commitFields(), tool: { name: 'assay', version: '0.0.7' } },
    }),
  );
  return manifest;
}

let t: TempStore;
let outDir: string;
beforeEach(async () => {
  t = await tempStore();
  outDir = await mkdtemp(path.join(os.tmpdir(), 'assay-export-'));
});
afterEach(async () => {
  await t.cleanup();
  await rm(outDir, { recursive: true, force: true });
});

const exportRun = async (args: { format: 'csv' | 'ocsf'; run?: string; out?: string }) => {
  const out = bufferOutput();
  const code = await findingsExportCommand({ store: t.dir, ...args }, out);
  return { code, text: out.text() };
};

describe('assay evidence findings', () => {
  const twoRuns = async () => {
    const first = await commitRun(t.store, 'run-1', '2026-12-06T10:00:00.000Z', [finding('alice'), finding('bob')]);
    const second = await commitRun(t.store, 'run-2', '2026-12-07T10:00:00.000Z', [
      finding('alice', { lifecycle: 'still_failing' }),
      finding('bob', { status: 'pass', lifecycle: 'resolved', firstSeen: undefined }),
      finding('carol', { status: 'error', message: 'GET /orgs/{org}/members failed (403).' }),
    ]);
    return { first, second };
  };

  it('prints the newest run as OCSF JSON lines: valid events, Update for keys the previous run had, Create for new', async () => {
    await twoRuns();
    const { code, text } = await exportRun({ format: 'ocsf' });
    expect(code).toBe(0);
    const events = text.split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const validator = loadOcsfValidator();
    for (const e of events) expect(validator.validate(e)).toEqual([]);
    expect(events.map((e) => [e.resources[0].uid, e.activity_name, e.status, e.compliance.status])).toEqual([
      ['alice', 'Update', 'In Progress', 'Fail'],
      ['bob', 'Close', 'Resolved', 'Pass'],
      ['carol', 'Create', 'New', 'Error'],
    ]);
    expect(events[0]!.time).toBe(Date.parse('2026-12-07T10:00:00.000Z'));
    expect(events[0]!.metadata).toMatchObject({ correlation_uid: 'run-2', product: { version: '0.0.7' } });
  });

  it('exports an earlier run with --run, judged against what came before it (nothing: every event is a Create)', async () => {
    await twoRuns();
    const { text } = await exportRun({ format: 'ocsf', run: 'run-1' });
    const events = text.split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(events.map((e) => [e.resources[0].uid, e.activity_id, e.metadata.correlation_uid])).toEqual([
      ['alice', 1, 'run-1'],
      ['bob', 1, 'run-1'],
    ]);
  });

  it('writes CSV to --out and says how many findings of which run it wrote', async () => {
    await twoRuns();
    const file = path.join(outDir, 'findings.csv');
    const { code, text } = await exportRun({ format: 'csv', out: file });
    expect(code).toBe(0);
    expect(text).toBe(`Wrote 3 findings of run #2 run-2 to ${file}`);
    const csv = await readFile(file, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFrun_id,run_started_at,check_id')).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines[3]).toContain(',carol,');
    expect(lines[3]).toContain('ISO/IEC 27001:2022 A.5.17; ISO/IEC 27001:2022 A.8.5');
  });

  it('refuses CSV on the terminal, an --out inside the evidence store, an unknown run and an empty store', async () => {
    await expect(exportRun({ format: 'ocsf' })).rejects.toThrow(
      new UsageError(`assay evidence findings: no committed run in ${t.dir}`),
    );
    await twoRuns();
    await expect(exportRun({ format: 'csv' })).rejects.toThrow('--format csv needs --out FILE');
    await expect(exportRun({ format: 'ocsf', run: 'run-9' })).rejects.toThrow(
      `--run run-9: no such run in ${t.dir} (\`assay evidence list\` shows them)`,
    );
    const inside = path.join(t.dir, 'runs', 'export.csv');
    await expect(exportRun({ format: 'csv', out: inside })).rejects.toThrow(
      `--out ${inside}: refusing to write inside the evidence store ${t.dir}`,
    );
    expect(await readdir(path.join(t.dir, 'runs'))).toEqual(['run-1', 'run-2']);
  });

  it('names a stored line that is not a finding instead of skipping it', async () => {
    await storeRun(t.store, 'run-bad');
    const err = await exportRun({ format: 'csv', out: path.join(outDir, 'x.csv') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvidenceError);
    expect((err as Error).message).toMatch(/^runs\/run-bad\/findings\.jsonl: finding 1 is not a valid finding at /);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses findings whose bytes differ from the manifest', async () => {
    await twoRuns();
    const file = path.join(t.dir, 'runs', 'run-2', 'findings.jsonl');
    await chmod(file, 0o644);
    await writeFile(file, `${JSON.stringify(finding('alice', { status: 'pass' }))}\n`);
    await expect(exportRun({ format: 'ocsf' })).rejects.toThrow(
      'runs/run-2/findings.jsonl: sha256 differs from the manifest',
    );
  });

  it('is wired into the CLI: --format is required and checked', async () => {
    await twoRuns();
    const out = bufferOutput();
    expect(await main(['evidence', 'findings', '--store', t.dir, '--format', 'ocsf', '--run', 'run-1'], {}, out)).toBe(
      0,
    );
    expect(out.text().split('\n')).toHaveLength(2);
    await expect(main(['evidence', 'findings', '--store', t.dir], {}, out)).rejects.toThrow(
      'assay evidence findings: --format csv|ocsf is required',
    );
    await expect(main(['evidence', 'findings', '--store', t.dir, '--format', 'xml'], {}, out)).rejects.toThrow(
      "--format: expected one of csv, ocsf, got 'xml'",
    );
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand, verifyBundleCommand } from '../../src/cli/export-command.js';
import { main } from '../../src/cli/main.js';
import { bufferOutput } from '../../src/cli/output.js';
import { sha256Hex } from '../../src/evidence/manifest-codec.js';
import { UsageError } from '../../src/errors.js';
import { BundleManifestSchema } from '../../src/export/bundle-manifest.js';
import type { FindingExcerpt } from '../../src/export/control-evidence.js';
import { verifyBundle } from '../../src/export/verify-bundle.js';
import { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { FsBlobStore } from '../../src/evidence/fs-blob-store.js';
import { seedStore } from './bundle-fixtures.js';

const NOW = new Date('2026-11-05T00:00:00.000Z');
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('utf8');

describe('assay evidence export', () => {
  const t = { dir: '' };
  let out: string;
  beforeAll(async () => {
    t.dir = await mkdtemp(path.join(os.tmpdir(), 'assay-evidence-'));
    // The store's clock dates the attestation record: 2026-11-02, within the period.
    await seedStore(new EvidenceStore(new FsBlobStore(t.dir), { now: () => new Date('2026-11-02T12:00:00.000Z') }));
    out = await mkdtemp(path.join(os.tmpdir(), 'assay-bundle-'));
  });
  afterAll(async () => {
    await rm(t.dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  const exportTo = async (name: string, args: Partial<Parameters<typeof exportCommand>[0]> = {}) => {
    const file = path.join(out, name);
    const o = bufferOutput();
    expect(await exportCommand({ store: t.dir, framework: 'iso27001', out: file, ...args }, o, NOW)).toBe(0);
    return { file, text: o.text(), files: unzipSync(await readFile(file)) };
  };

  it('bundles a framework over the period: index, control folders, run files, manifests, attestations, all hashed', async () => {
    const b = await exportTo('all.zip');
    expect(b.text).toMatch(
      /^Wrote .*all\.zip: 93 controls, 3 runs \(#1–#3\), \d+ files; bundle-manifest\.json sha256 [0-9a-f]{64}$/,
    );
    const manifest = BundleManifestSchema.parse(JSON.parse(text(b.files['bundle-manifest.json'])));
    expect(manifest.runs.map((r) => r.runId)).toEqual(['run-1', 'run-2', 'run-3']);
    expect(Object.keys(b.files).sort()).toEqual([...manifest.files.map((f) => f.path), 'bundle-manifest.json'].sort());
    for (const f of manifest.files) expect(sha256Hex(b.files[f.path]!), f.path).toBe(f.sha256);
    for (const p of [
      'chain/00000001.json',
      'chain/00000003.json',
      'runs/run-2/findings.jsonl',
      'runs/run-2/exceptions.json',
    ])
      expect(b.files[p], p).toBeDefined();
    expect(text(b.files['attestations/records/0000000001.json'])).toContain(
      'The information security policy was approved.',
    );
    expect(text(b.files['attestations/files/0000000001-policy_approval.pdf'])).toBe('%PDF-1.4 approval');

    const lines = text(b.files['controls/A.5.17/findings.jsonl']).trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      run: 'run-1',
      sequence: 1,
      finding: { checkId: 'github-members-2fa-enabled' },
    });
    expect(text(b.files['controls/A.5.1/findings.jsonl'])).toBe('');

    const index = text(b.files['index.html']);
    expect(index).not.toMatch(/<script|https?:\/\/(?!tracker\.example\.com)/);
    expect(index).toContain('<h2>Method</h2>');
    expect(index).toContain('Sampling: none; every finding of the period about each control is included.');
    expect(index).toContain('<h2>Attestations (2)</h2>');
    expect(index).toContain('<h2>Exceptions in force (1)</h2>');
    expect(index).toContain('<td>legacy-user3</td><td><code>github-members-2fa-enabled</code></td><td>user3</td>');
    expect(index).toContain('<h3>A.5.17 Authentication information</h3>');
    expect(index).toContain('<p>4 findings in the period; 8 occurrences over the runs; 5 snapshot excerpts.');
    expect(index).toContain(`<td><code>${manifest.runs[2]!.manifestSha256}</code></td>`);
  });

  it('excerpts the entries that name the resource, the population for an organization-wide result, the reason for missing data', async () => {
    const b = await exportTo('excerpts.zip', { control: '5.17' });
    const excerpts = JSON.parse(text(b.files['controls/A.5.17/excerpts.json'])) as FindingExcerpt[];
    const of = (key: string, status: string) => excerpts.find((e) => e.findingKey === key && e.status === status)!;
    const failing = of('github-members-2fa-enabled|github-org:acme|user5', 'fail');
    expect(failing.runId).toBe('run-2');
    expect(failing.snapshot.path).toBe('snapshots/github/github-org-acme.json.gz');
    const run2 = JSON.parse(text(b.files['chain/00000002.json'])) as { artifacts: { path: string; sha256: string }[] };
    expect(failing.snapshot.sha256).toBe(run2.artifacts.find((a) => a.path === failing.snapshot.path)!.sha256);
    expect(failing.datasets.map((d) => [d.dataset, d.rule, d.value])).toEqual([
      ['github.members', 'matching', [{ login: 'user5', id: 6 }]],
      ['github.membersWithout2fa', 'matching', [{ login: 'user5', id: 6 }]],
      ['github.owners', 'population', [{ login: 'user0', id: 1 }]],
    ]);
    const pass = of('github-members-2fa-enabled|github-org:acme|acme', 'pass');
    expect(pass.datasets[0]).toMatchObject({ dataset: 'github.members', rule: 'population', total: 30, omitted: 0 });
    const error = of('github-org-2fa-required|github-org:acme|acme', 'error');
    expect(error.datasets).toEqual([
      {
        dataset: 'github.org',
        rule: 'missing',
        missing: { kind: 'error', operation: 'GET /orgs/{org}', message: 'HTTP 403: forbidden', status: 403 },
        calls: [{ operation: 'GET /orgs/{org}', ok: false, requests: 1, status: 403 }],
      },
    ]);
    expect(of('github-org-2fa-required|github-org:acme|acme', 'fail').datasets[0]).toMatchObject({ rule: 'whole' });
    expect(Object.keys(b.files).filter((p) => p.startsWith('controls/'))).toEqual([
      'controls/A.5.17/findings.jsonl',
      'controls/A.5.17/excerpts.json',
    ]);
  });

  it("carries the attestations that bear on the control: named in the record, or by its kind's check", async () => {
    const records = async (control: string) => {
      const b = await exportTo(`att-${control}.zip`, { control });
      return Object.keys(b.files).filter((p) => p.startsWith('attestations/records/'));
    };
    expect(await records('5.1')).toEqual(['attestations/records/0000000001.json']);
    expect(await records('5.4')).toEqual(['attestations/records/0000000002.json']);
    expect(await records('5.17')).toEqual([]);
  });

  it('keeps to the period (whole UTC days) and one control', async () => {
    const b = await exportTo('day2.zip', { control: 'A.8.5', from: '2026-11-02', to: '2026-11-02' });
    const manifest = BundleManifestSchema.parse(JSON.parse(text(b.files['bundle-manifest.json'])));
    expect(manifest.runs.map((r) => r.runId)).toEqual(['run-2']);
    expect(manifest.control).toBe('8.5');
    expect(manifest.period).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-02T23:59:59.999Z' });
    expect(Object.keys(b.files).filter((p) => p.startsWith('chain/'))).toEqual(['chain/00000002.json']);
    expect(text(b.files['controls/A.8.5/findings.jsonl']).trimEnd().split('\n')).toHaveLength(3);
    expect(verifyBundle(await readFile(b.file)).ok).toBe(true);
  });

  it('samples findings by seed, the same way every time, and says how', async () => {
    const one = await exportTo('s1.zip', { control: '5.17', sample: '2', seed: 'audit-2026' });
    const two = await exportTo('s2.zip', { control: '5.17', sample: '2', seed: 'audit-2026' });
    const keys = (files: Record<string, Uint8Array>) => [
      ...new Set(
        text(files['controls/A.5.17/findings.jsonl'])
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as { finding: { key: string } }).finding.key),
      ),
    ];
    expect(keys(one.files)).toHaveLength(2);
    expect(keys(two.files)).toEqual(keys(one.files));
    expect(await readFile(two.file)).toEqual(await readFile(one.file));
    const index = text(one.files['index.html']);
    expect(index).toContain('ranked by SHA-256 of "audit-2026:&lt;control reference&gt;:&lt;finding key&gt;"');
    expect(index).toContain('<p>4 findings in the period, 2 sampled;');
  });

  it('is reachable from the command line: evidence export, then evidence verify --bundle', async () => {
    const file = path.join(out, 'cli.zip');
    const o = bufferOutput();
    const args = ['evidence', 'export', '--framework', 'iso42001', '--store', t.dir, '--out', file];
    expect(await main(args, {}, o)).toBe(0);
    expect(await main(['evidence', 'verify', '--bundle', file], {}, o)).toBe(0);
    expect(o.text()).toMatch(/: 38 controls, 3 runs[\s\S]*✔ Bundle verified:/);
    await expect(main(['evidence', 'export', '--out', file], {}, o)).rejects.toThrow(
      '--framework iso27001|iso42001 is required',
    );
  });

  it('refuses bad input with a usage error naming the flag, and never writes over a file', async () => {
    const o = bufferOutput();
    const base = { store: t.dir, framework: 'iso27001' as const, out: path.join(out, 'x.zip') };
    await expect(exportCommand({ ...base, sample: '3' }, o, NOW)).rejects.toThrow(
      /--sample N and --seed S go together/,
    );
    await expect(exportCommand({ ...base, sample: '0', seed: 's' }, o, NOW)).rejects.toThrow(
      "--sample: expected a positive integer, got '0'",
    );
    await expect(exportCommand({ ...base, control: '9.9' }, o, NOW)).rejects.toThrow(
      '--control 9.9: not a control of iso27001',
    );
    await expect(exportCommand({ ...base, from: 'yesterday' }, o, NOW)).rejects.toThrow(
      "--from: expected a date (2026-11-01) or an ISO date-time, got 'yesterday'",
    );
    await expect(exportCommand({ ...base, from: '2026-12-01' }, o, NOW)).rejects.toThrow(/is after --to/);
    await expect(exportCommand({ ...base, from: '2025-01-01', to: '2025-02-01' }, o, NOW)).rejects.toThrow(UsageError);
    await expect(exportCommand({ ...base, out: path.join(t.dir, 'b.zip') }, o, NOW)).rejects.toThrow(
      /refusing to write inside the evidence store/,
    );
    await writeFile(path.join(out, 'taken.zip'), 'keep me');
    await expect(exportCommand({ ...base, out: path.join(out, 'taken.zip') }, o, NOW)).rejects.toThrow(
      'the file exists',
    );
    expect(await readFile(path.join(out, 'taken.zip'), 'utf8')).toBe('keep me');
  });

  describe('verify --bundle', () => {
    let zip: Uint8Array;
    let files: Record<string, Uint8Array>;
    beforeAll(async () => {
      const b = await exportTo('v.zip');
      zip = await readFile(b.file);
      files = b.files;
    });
    const rezip = (change: (f: Record<string, Uint8Array>) => void): Uint8Array => {
      const copy = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Uint8Array.from(v)]));
      change(copy);
      return zipSync(copy);
    };
    const flipByte = (f: Record<string, Uint8Array>, p: string, at = 10) => {
      f[p]![at] = f[p]![at]! ^ 1;
    };

    it('passes an untouched bundle, printing its digests', async () => {
      const o = bufferOutput();
      expect(await verifyBundleCommand(path.join(out, 'v.zip'), o)).toBe(0);
      expect(o.text()).toMatch(
        /^✔ Bundle verified: \d+ files and 3 run manifests in .*v\.zip; every hash and chain link matches \(bundle-manifest\.json sha256 [0-9a-f]{64}, last manifest sha256 [0-9a-f]{64}\)\.$/,
      );
      expect(verifyBundle(zip)).toMatchObject({ ok: true, problems: [], runs: 3 });
    });

    it.each([
      'index.html',
      'controls/A.8.5/excerpts.json',
      'runs/run-1/findings.jsonl',
      'attestations/files/0000000001-policy_approval.pdf',
    ])('fails when one byte of %s changed, naming it', (p) => {
      const r = verifyBundle(rezip((f) => flipByte(f, p)));
      expect(r.ok).toBe(false);
      expect(r.problems).toContainEqual({
        path: p,
        problem: 'sha256 differs from bundle-manifest.json: the file was changed',
      });
    });

    it('fails a changed run manifest on its digest and on the link from the next one', () => {
      const r = verifyBundle(rezip((f) => flipByte(f, 'chain/00000002.json', 40)));
      expect(r.problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(['chain/00000002.json', 'chain/00000003.json']),
      );
      expect(r.problems.find((p) => p.path === 'chain/00000003.json')!.problem).toMatch(
        /does not link to chain\/00000002\.json/,
      );
    });

    it('fails a removed or an added file, and a finding rewritten with a bundle manifest to match', () => {
      expect(verifyBundle(rezip((f) => delete f['runs/run-3/findings.jsonl'])).problems).toContainEqual({
        path: 'runs/run-3/findings.jsonl',
        problem: 'missing: listed in bundle-manifest.json',
      });
      expect(verifyBundle(rezip((f) => (f['extra.txt'] = strToU8('x')))).problems).toContainEqual({
        path: 'extra.txt',
        problem: 'not listed in bundle-manifest.json: added after the bundle was made',
      });
      const forged = rezip((f) => {
        const p = 'controls/A.5.17/findings.jsonl';
        f[p] = strToU8(text(f[p]).replace('"status":"fail"', '"status":"pass"'));
        const bm = JSON.parse(text(f['bundle-manifest.json'])) as {
          files: { path: string; sha256: string; size: number }[];
        };
        const entry = bm.files.find((e) => e.path === p)!;
        Object.assign(entry, { sha256: sha256Hex(f[p]), size: f[p].byteLength });
        f['bundle-manifest.json'] = strToU8(JSON.stringify(bm));
      });
      expect(verifyBundle(forged).problems).toEqual([
        {
          path: 'controls/A.5.17/findings.jsonl',
          problem: 'line 1: not a finding of run run-1 as its findings.jsonl stores it',
        },
      ]);
    });

    it('names an unreadable archive and a missing bundle manifest', () => {
      expect(verifyBundle(strToU8('not a zip')).problems[0]!.path).toBe('(bundle)');
      expect(verifyBundle(rezip((f) => delete f['bundle-manifest.json'])).problems).toEqual([
        { path: 'bundle-manifest.json', problem: 'missing: the bundle has no manifest' },
      ]);
    });
  });
});

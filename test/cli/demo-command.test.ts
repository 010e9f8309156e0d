import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { demoCommand } from '../../src/cli/demo-command.js';
import { bufferOutput } from '../../src/cli/output.js';
import { loadOcsfValidator } from '../support/ocsf-schema.js';

describe('assay demo', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('runs on the simulated organization, flags every planted violation and verifies the evidence, twice', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-demo-'));
    dirs.push(dir);
    const out = bufferOutput();
    const code = await demoCommand({ dir, seed: 42 }, out, () => pino({ level: 'silent' }));
    const text = out.text();
    expect(code).toBe(0);
    const truth = text.match(/Ground truth: (\d+) of (\d+) planted violations flagged, (\d+) unexpected failures\./);
    expect(truth, text).not.toBeNull();
    expect(truth![1]).toBe(truth![2]);
    expect(Number(truth![2])).toBeGreaterThan(50);
    expect(truth![3]).toBe('0');
    expect(text).toMatch(/^\d+ findings: \d+ pass, \d+ fail, 0 error, \d+ not applicable/m);
    expect(text).toMatch(/Report: .*report\.html/);
    expect(text).toContain('✔ Evidence verified: 1 run in');
    const report = text.match(/Report: (.*report\.html)/)![1]!;
    expect(await readFile(report, 'utf8')).toContain('<h2>Open findings');
    expect(await readFile(path.join(dir, 'assay.yaml'), 'utf8')).toContain('token: { env: ASSAY_DEMO_GITHUB_TOKEN }');
    expect(text).toContain(`OCSF 1.8.0 Compliance Findings: ${path.join(dir, 'findings.ocsf.jsonl')}`);
    expect(text).toContain(`Findings CSV: ${path.join(dir, 'findings.csv')}`);
    const events = (await readFile(path.join(dir, 'findings.ocsf.jsonl'), 'utf8')).trimEnd().split('\n');
    const ocsf = loadOcsfValidator();
    expect(events.flatMap((line) => ocsf.validate(JSON.parse(line)))).toEqual([]);
    expect(Number(text.match(/^(\d+) findings:/m)![1])).toBe(events.length);
    const runId = text.match(/Run (\S+) stored as #1/)![1]!;
    const csv = await readFile(path.join(dir, 'findings.csv'), 'utf8');
    expect(csv.split(`\r\n${runId},`)).toHaveLength(events.length + 1);

    const again = bufferOutput();
    expect(await demoCommand({ dir, seed: 42 }, again, () => pino({ level: 'silent' }))).toBe(0);
    expect(again.text()).toMatch(/\(0 new, \d+ still failing, \d+ resolved\)/);
    const second = again
      .text()
      .match(/Ground truth: (\d+) of (\d+) planted violations flagged, 0 unexpected failures\./);
    expect(second?.[1]).toBe(second?.[2]);
    expect(again.text()).toContain('✔ Evidence verified: 2 runs in');
  }, 120_000);
});

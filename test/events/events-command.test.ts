import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { bufferOutput } from '../../src/cli/output.js';
import { UsageError } from '../../src/errors.js';
import { breakGlassAssumed } from './eventbridge-fixtures.js';

describe('assay events', () => {
  let dir: string;
  let config: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-events-cli-'));
    config = path.join(dir, 'assay.yaml');
    await writeFile(
      config,
      'version: 1\nlog: { level: silent }\nsources:\n  aws:\n    cloudtrail: { breakGlassRoles: [emergency/BreakGlass] }\n',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('patterns prints the EventBridge rule patterns as JSON, with the configured break-glass roles', async () => {
    const out = bufferOutput();
    expect(await main(['events', 'patterns', '--config', config], {}, out)).toBe(0);
    const rules = JSON.parse(out.text()) as Array<{ name: string; pattern: { detail: Record<string, unknown> } }>;
    expect(rules.map((r) => r.name)).toEqual([
      'assay-iam-changes',
      'assay-cloudtrail-tampering',
      'assay-console-sign-in',
      'assay-break-glass',
    ]);
    expect(JSON.stringify(rules[3]!.pattern.detail)).toContain(
      '"wildcard":"arn:aws*:iam::*:role/emergency/BreakGlass"',
    );
  });

  it('handle stores one event as an event run; without --event it is a usage error', async () => {
    const file = path.join(dir, 'event.json');
    const role = {
      ...(breakGlassAssumed.detail.requestParameters as object),
      roleArn: 'arn:aws:iam::111122223333:role/emergency/BreakGlass',
    };
    await writeFile(
      file,
      JSON.stringify({ ...breakGlassAssumed, detail: { ...breakGlassAssumed.detail, requestParameters: role } }),
    );
    const out = bufferOutput();
    expect(await main(['events', 'handle', '--config', config, '--event', file], {}, out)).toBe(0);
    expect(out.text()).toMatch(
      /^Event b1f2c3d4-0000-4000-8000-000000000001 stored as event run \S+ \(#1\): 1 failing, 0 errors; 0 alert\/ticket deliveries$/,
    );
    await expect(main(['events', 'handle', '--config', config], {}, bufferOutput())).rejects.toThrow(UsageError);
  });
});

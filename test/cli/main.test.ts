import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bufferOutput } from '../../src/cli/output.js';
import { ConfigError, UsageError } from '../../src/errors.js';

const run = async (...argv: string[]) => {
  const out = bufferOutput();
  const code = await main(argv, {}, out);
  return { code, text: out.text() };
};

describe('cli', () => {
  it('prints usage and exits 2 without a command', async () => {
    const { code, text } = await run();
    expect(code).toBe(2);
    expect(text).toContain('assay run --config FILE');
  });

  it('rejects unknown commands and options as usage errors', async () => {
    await expect(run('frobnicate')).rejects.toThrow(UsageError);
    await expect(run('run', '--bogus')).rejects.toThrow(UsageError);
    await expect(run('run')).rejects.toThrow('assay run: --config FILE is required');
    await expect(run('run', '--config', 'x.yaml', '--fail-on', 'sometimes')).rejects.toThrow(
      "--fail-on: expected one of none, fail, error, got 'sometimes'",
    );
  });

  it('reports a missing config file as a config error naming it', async () => {
    const err = await run('run', '--config', '/nonexistent/assay.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('/nonexistent/assay.yaml: cannot read the config file (ENOENT)');
  });

  it('prints the control coverage matrix, every control with its checks or "manual"', async () => {
    const { code, text } = await run('controls');
    expect(code).toBe(0);
    expect(text).toMatch(/ISO\/IEC 27001:2022 Annex A: \d+ of 93 controls have automated checks/);
    expect(text).toMatch(/ISO\/IEC 42001:2023 Annex A: \d+ of 38 controls have automated checks/);
    expect(text).toMatch(/5\.17 +Authentication information .*github-org-2fa-required/);
    expect(text).toMatch(/5\.1 +Policies for information security +attested +attestation-isms-policy-review/);
    expect(text).toMatch(/5\.2 +Information security roles and responsibilities +manual/);
    const json = JSON.parse((await run('controls', '--json')).text) as unknown[];
    expect(json).toHaveLength(131);
  });

  it('lists checks and prints the config JSON Schema', async () => {
    expect((await run('checks')).text).toContain('github-org-2fa-required  [high]');
    const schema = JSON.parse((await run('config', 'schema')).text) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['version', 'sources', 'evidence', 'checks']),
    );
  });
});

describe('cli evidence verify', () => {
  it('fails on a store that does not exist instead of verifying nothing', async () => {
    const out = bufferOutput();
    expect(await main(['evidence', 'verify', '--store', '/nonexistent/evidence'], {}, out)).toBe(1);
    expect(out.text()).toBe('✘ No evidence store at /nonexistent/evidence: nothing to verify.');
  });

  it('prints the JSON Schema of the exceptions register, requiring an expiry on every entry', async () => {
    const { code, text } = await run('exceptions', 'schema');
    expect(code).toBe(0);
    const schema = JSON.parse(text) as { title: string; properties: { exceptions: { items: { required: string[] } } } };
    expect(schema.title).toBe('assay exceptions register');
    expect(schema.properties.exceptions.items.required).toEqual(
      expect.arrayContaining([
        'id',
        'check',
        'resource',
        'justification',
        'approvedBy',
        'approvedOn',
        'expires',
        'ticket',
      ]),
    );
    await expect(run('exceptions', 'list')).rejects.toThrow("assay exceptions: expected 'schema'");
  });
});

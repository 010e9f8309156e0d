import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';

const valid = `version: 1
sources:
  github:
    auth: { token: { env: GH_TOKEN } }
    orgs: [acme]
`;

const errorOf = (text: string, env = {}): string => {
  try {
    parseConfig(text, 'assay.yaml', env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('applies documented defaults and resolves evidence relative to the file', () => {
    const c = parseConfig(valid, '/etc/assay/assay.yaml', { GH_TOKEN: 'x' });
    expect(c.run).toEqual({ concurrency: 4, collectorTimeoutSeconds: 600 });
    expect(c.evidencePath).toBe('/etc/assay/evidence');
    expect(c.sources.github?.baseUrl).toBe('https://api.github.com');
    expect(c.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps secret values out of the digest input and resolves them only on demand', () => {
    const a = parseConfig(valid, 'a.yaml', { GH_TOKEN: 'one' });
    const b = parseConfig(valid, 'a.yaml', { GH_TOKEN: 'two' });
    expect(a.digest).toBe(b.digest);
    expect(a.resolveSecret({ env: 'GH_TOKEN' }, 'sources.github.auth.token')).toBe('one');
    expect(() => a.resolveSecret({ env: 'MISSING' }, 'sources.github.auth.token')).toThrow(
      'a.yaml: sources.github.auth.token: environment variable MISSING is not set (expected the secret there)',
    );
  });

  it('refuses a secret written inline, naming file, key, expectation and an example', () => {
    const msg = errorOf(valid.replace('{ env: GH_TOKEN }', 'ghx-not-a-real-token'));
    expect(msg).toBe(
      'assay.yaml: sources.github.auth.token: expected a reference to an environment variable, not the secret itself (secrets never go in the config file)\n' +
        '  example:\n    token: { env: GITHUB_TOKEN }',
    );
    expect(msg).not.toContain('ghx-not-a-real-token');
  });

  it('names unknown keys', () => {
    expect(errorOf(valid + 'evidnce: {}\n')).toBe("assay.yaml: (top level): unknown key 'evidnce'");
  });

  it('names the list item and what was expected', () => {
    expect(errorOf(valid.replace('[acme]', '[acme, 7]'))).toBe(
      'assay.yaml: sources.github.orgs[1]: Invalid input: expected string, received number\n  example:\n    orgs: [acme, acme-research]',
    );
  });

  it('requires version 1 and at least one source', () => {
    expect(errorOf('sources: {}\n')).toContain('assay.yaml: version: Invalid input: expected 1');
    expect(errorOf('version: 1\nsources: {}\n')).toContain(
      'assay.yaml: sources: expected at least one source (github, aws or google)',
    );
  });

  it('reports YAML syntax errors and non-mapping documents', () => {
    expect(errorOf('version: [1\n')).toMatch(/^assay.yaml: not valid YAML: /);
    expect(errorOf('- 1\n')).toMatch(/^assay.yaml: \(top level\): expected a mapping/);
  });

  it('names the file when it cannot be read', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-config-'));
    await expect(loadConfig(path.join(dir, 'nope.yaml'), {})).rejects.toThrow(
      `${path.join(dir, 'nope.yaml')}: cannot read the config file (ENOENT)`,
    );
    await writeFile(path.join(dir, 'ok.yaml'), valid);
    await expect(loadConfig(path.join(dir, 'ok.yaml'), {})).resolves.toMatchObject({ version: 1 });
  });
});

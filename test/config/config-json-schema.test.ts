import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { configJsonSchema } from '../../src/config/config-json-schema.js';
import { parseConfig } from '../../src/config/load-config.js';

const readmeExample = (): string => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = readme.match(/```yaml\n(# yaml-language-server[\s\S]*?)```/);
  if (!block) throw new Error('README.md has no yaml config example starting with the yaml-language-server line');
  return block[1]!;
};

describe('config JSON Schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(configJsonSchema());

  it('accepts the README example, which the loader also accepts', () => {
    const text = readmeExample();
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    const env = new Proxy({}, { get: () => 'value-from-env' });
    expect(() => parseConfig(text, 'README.md', env)).not.toThrow();
  });

  it('rejects what the loader rejects: unknown keys and inline secrets', () => {
    expect(validate({ version: 1, sources: { github: { auth: { token: 'inline' }, orgs: ['a'] } } })).toBe(false);
    expect(validate({ version: 1, sourcez: {} })).toBe(false);
  });
});

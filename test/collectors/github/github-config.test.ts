import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';

const yaml = (auth: string) => `version: 1
sources:
  github:
    auth: ${auth}
    orgs: [acme]
`;

describe('sources.github.auth', () => {
  it('takes a token, as before', () => {
    const c = parseConfig(yaml('{ token: { env: GH } }'), 'assay.yaml', {});
    expect(c.sources.github!.auth).toEqual({ token: { env: 'GH' } });
  });

  it('takes a GitHub App with optional installation ids', () => {
    const c = parseConfig(
      yaml('{ app: { appId: 12, privateKey: { env: KEY }, installationIds: { acme: 34 } } }'),
      'assay.yaml',
      {},
    );
    expect(c.sources.github!.auth).toEqual({
      app: { appId: 12, privateKey: { env: 'KEY' }, installationIds: { acme: 34 } },
    });
    expect(
      parseConfig(yaml('{ app: { appId: 12, privateKey: { env: KEY } } }'), 'assay.yaml', {}).sources.github!.auth.app!
        .installationIds,
    ).toEqual({});
  });

  it('wants exactly one of token or app, and says so with an example', () => {
    const both = () =>
      parseConfig(yaml('{ token: { env: GH }, app: { appId: 12, privateKey: { env: KEY } } }'), 'assay.yaml', {});
    expect(both).toThrow(
      'assay.yaml: sources.github.auth: expected exactly one of token (a personal access token) or app (a GitHub App installation)',
    );
    expect(both).toThrow(/example:\n\s+auth: \{ token: \{ env: GITHUB_TOKEN \} \}\n\s+# or a GitHub App:/);
    expect(() => parseConfig(yaml('{}'), 'assay.yaml', {})).toThrow(
      'sources.github.auth: expected exactly one of token',
    );
  });

  it('refuses a private key written into the file', () => {
    expect(() =>
      parseConfig(yaml('{ app: { appId: 12, privateKey: "MIIEpAIBAAKCAQEA-not-a-reference" } }'), 'assay.yaml', {}),
    ).toThrow(
      'assay.yaml: sources.github.auth.app.privateKey: expected a reference to an environment variable, not the secret itself',
    );
  });

  it('names the key of a bad app id', () => {
    expect(() => parseConfig(yaml('{ app: { appId: "abc", privateKey: { env: KEY } } }'), 'assay.yaml', {})).toThrow(
      /sources\.github\.auth\.app\.appId: .*number.*\n\s+example:\n\s+appId: 123456/,
    );
  });
});

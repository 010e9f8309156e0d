import { describe, expect, it } from 'vitest';
import { startConsole } from '../../src/cli/serve-command.js';
import { parseConfig } from '../../src/config/load-config.js';
import { consoleIdentity, rolesOf } from '../../src/console/console-auth.js';
import { ConfigError } from '../../src/errors.js';
import { ConsoleConfigSchema } from '../../src/model/config/console-config.js';
import { tempStore } from '../evidence/evidence-fixtures.js';

const base = `version: 1
sources:
  github:
    auth: { token: { env: GH_TOKEN } }
    orgs: [acme]
`;

const withConsole = (console: string): string => `${base}console:\n${console.replace(/^/gm, '  ')}\n`;

const OIDC = `issuer: https://accounts.google.com
clientId: 1234.apps.googleusercontent.com
clientSecret: { env: OIDC_SECRET }`;

const errorOf = (text: string): string => {
  try {
    parseConfig(text, 'assay.yaml', {});
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

const oidcUnder = (extra = ''): string =>
  `host: 0.0.0.0\npublicUrl: https://assay.example.com\n${extra}auth:\n  oidc:\n${OIDC.replace(/^/gm, '    ')}`;

describe('console.auth.oidc config', () => {
  it('takes a Google Workspace sign-in with defaults, the secret as a reference only', () => {
    const c = parseConfig(withConsole(oidcUnder()), 'assay.yaml', {});
    expect(c.console?.auth?.oidc).toEqual({
      issuer: 'https://accounts.google.com',
      clientId: '1234.apps.googleusercontent.com',
      clientSecret: { env: 'OIDC_SECRET' },
      scopes: ['openid', 'email', 'profile'],
      allowedDomains: [],
    });
    expect(c.console?.publicUrl).toBe('https://assay.example.com');
  });

  it('refuses the secret itself in the file', () => {
    const text = withConsole(oidcUnder().replace('{ env: OIDC_SECRET }', 'hunter2-not-a-ref'));
    expect(errorOf(text)).toContain(
      'assay.yaml: console.auth.oidc.clientSecret: expected a reference to an environment variable, not the secret itself',
    );
  });

  it('refuses proxyHeader and oidc together', () => {
    const text = withConsole(`${oidcUnder()}\n  proxyHeader: X-Forwarded-Email`);
    expect(errorOf(text)).toContain(
      'assay.yaml: console.auth.oidc: set either proxyHeader (a trusted reverse proxy) or oidc (sign-in with a provider), not both',
    );
  });

  it('refuses an http issuer beyond loopback, and allows one on loopback', () => {
    const text = withConsole(oidcUnder().replace('https://accounts.google.com', 'http://idp.example.com'));
    expect(errorOf(text)).toContain(
      'assay.yaml: console.auth.oidc.issuer: expected an https URL (http only on loopback) for the issuer',
    );
    const loopback = withConsole(oidcUnder().replace('https://accounts.google.com', 'http://127.0.0.1:4000'));
    expect(parseConfig(loopback, 'assay.yaml', {}).console?.auth?.oidc?.issuer).toBe('http://127.0.0.1:4000');
    expect(
      errorOf(withConsole(oidcUnder().replace('https://assay.example.com', 'http://assay.example.com'))),
    ).toContain('console.publicUrl: expected an https URL (http only on loopback) for the public URL');
  });

  it('needs the public address beyond loopback, to send people back', () => {
    const text = withConsole(oidcUnder().replace('publicUrl: https://assay.example.com\n', ''));
    expect(errorOf(text)).toContain(
      'assay.yaml: console.publicUrl: console.host 0.0.0.0 is beyond loopback: set publicUrl (the address people open) or auth.oidc.redirectUrl',
    );
    const redirect = withConsole(
      oidcUnder()
        .replace('publicUrl: https://assay.example.com\n', '')
        .concat('\n    redirectUrl: https://assay.example.com/auth/callback'),
    );
    expect(parseConfig(redirect, 'assay.yaml', {}).console?.auth?.oidc?.redirectUrl).toBe(
      'https://assay.example.com/auth/callback',
    );
  });

  it('refuses to start beyond loopback without a way to sign in, naming both', () => {
    expect(() => consoleIdentity(ConsoleConfigSchema.parse({ host: '0.0.0.0' }), 'me')).toThrow(
      new ConfigError(
        'console.host: 0.0.0.0 is beyond loopback, so console.auth needs a way to sign people in: oidc (an OpenID Connect provider such as Google Workspace) or proxyHeader (a trusted reverse proxy)',
      ),
    );
  });

  it('with OIDC no header says who anyone is (only the signed session does)', () => {
    const config = parseConfig(withConsole(oidcUnder()), 'assay.yaml', {}).console!;
    const identify = consoleIdentity(config, 'me');
    expect(identify(new Headers({ 'X-Forwarded-Email': 'ann@example.com' }))).toBeUndefined();
  });

  it('grants roles from the email lists and from mapped groups', () => {
    const config = ConsoleConfigSchema.parse({
      host: '0.0.0.0',
      publicUrl: 'https://assay.example.com',
      auth: {
        oidc: {
          issuer: 'https://idp.example.com',
          clientId: 'c',
          clientSecret: { env: 'S' },
          groups: { roles: { approver: ['sec-leads'], auditor: ['audit'] } },
        },
        roles: { triager: ['tom@example.com'] },
      },
    });
    expect(config.auth?.oidc?.groups?.claim).toBe('groups');
    expect([...rolesOf(config, 'tom@example.com', ['audit'])]).toEqual(['viewer', 'triager', 'auditor']);
    expect([...rolesOf(config, 'ann@example.com', ['sec-leads', 'other'])]).toEqual(['viewer', 'approver']);
    expect([...rolesOf(config, 'x@example.com')]).toEqual(['viewer']);
  });

  it('does not start when the client secret variable is unset, naming the key', async () => {
    const t = await tempStore();
    try {
      const config = parseConfig(withConsole(oidcUnder()), 'assay.yaml', {});
      await expect(startConsole(t.store, config.console!, [], 'me', config.resolveSecret)).rejects.toThrow(
        'assay.yaml: console.auth.oidc.clientSecret: environment variable OIDC_SECRET is not set (expected the secret there)',
      );
    } finally {
      await t.cleanup();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors.js';

/** Built from parts so that no key-shaped literal sits in the repository. */
const PEM_HEADER = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');

const base = `version: 1
sources:
  google:
    domain: example.com
    auth:
      subject: Admin@Example.com
      serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }
`;
const errorOf = (text: string): string => {
  try {
    parseConfig(text, 'assay.yaml', {});
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('sources.google config', () => {
  it('applies the documented defaults', () => {
    const g = parseConfig(base, 'assay.yaml', {}).sources.google!;
    expect(g).toEqual({
      customer: 'my_customer',
      domain: 'example.com',
      auth: { subject: 'admin@example.com', serviceAccountKey: { env: 'GOOGLE_SERVICE_ACCOUNT_KEY' } },
      executives: { groups: [], emails: [], orgUnits: [] },
      breakGlassAccounts: [],
      lookbackDays: 180,
      tokenInventory: { enabled: false, concurrency: 4, requestsPerMinute: 1200 },
      adminEventsLookbackDays: 180,
      requestTimeoutSeconds: 30,
      retries: 5,
    });
  });

  it('accepts keyless application default credentials', () => {
    const g = parseConfig(
      base.replace(
        'serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }',
        'applicationDefault: { credentialsFile: /etc/assay/wif.json, serviceAccount: assay@p.iam.gserviceaccount.com }',
      ),
      'assay.yaml',
      {},
    ).sources.google!;
    expect(g.auth).toEqual({
      subject: 'admin@example.com',
      applicationDefault: { credentialsFile: '/etc/assay/wif.json', serviceAccount: 'assay@p.iam.gserviceaccount.com' },
    });
  });

  it('requires exactly one way to authenticate, with an example', () => {
    expect(errorOf(base.replace('      serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }\n', ''))).toBe(
      'assay.yaml: sources.google.auth: expected exactly one of serviceAccountKey ({ env: NAME } holding the JSON key) or applicationDefault\n' +
        '  example:\n    auth:\n      subject: admin@example.com\n      serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }\n' +
        '    # or, keyless (workload identity federation):\n    #   applicationDefault: { credentialsFile: /etc/assay/wif.json, serviceAccount: assay@project.iam.gserviceaccount.com }',
    );
  });

  it('names the key and what was expected for a bad value, never echoing a key written inline', () => {
    const msg = errorOf(base.replace('{ env: GOOGLE_SERVICE_ACCOUNT_KEY }', `"${PEM_HEADER}"`));
    expect(msg).toMatch(/^assay\.yaml: sources\.google\.auth\.serviceAccountKey: /);
    expect(msg).toContain('serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }');
    expect(msg).not.toContain('BEGIN PRIVATE KEY');
    expect(errorOf(base + '    lookbackDays: 365\n')).toMatch(
      /^assay\.yaml: sources\.google\.lookbackDays: Too big: expected number to be <=180\n {2}example:\n {4}lookbackDays: 180$/,
    );
    expect(errorOf(base + 'people:\n  executives: { orgUnits: [Leadership] }\n')).toBe(
      'assay.yaml: people.executives.orgUnits[0]: expected an org unit path starting with /, e.g. /Leadership\n  example:\n    orgUnits: [/Leadership]',
    );
    expect(errorOf(base + '    breakGlassAccounts: [breakglass]\n')).toMatch(
      /^assay\.yaml: sources\.google\.breakGlassAccounts\[0\]: expected an email address such as admin@example\.com/,
    );
  });
});

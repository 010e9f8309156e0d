import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';

const google = `sources:
  google:
    domain: example.com
    auth:
      subject: admin@example.com
      serviceAccountKey: { env: GOOGLE_KEY }
`;
const errorOf = (text: string): string => {
  try {
    parseConfig(text, 'assay.yaml', {});
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a config error');
};

describe('people config', () => {
  it('hands people.executives to the Workspace collector, which resolves the groups', () => {
    const config = parseConfig(
      `version: 1\n${google}people:\n  executives:\n    groups: [Exec@Example.com]\n    orgUnits: [/Leadership]\n`,
      'assay.yaml',
      {},
    );
    expect(config.sources.google?.executives).toEqual({
      groups: ['exec@example.com'],
      emails: [],
      orgUnits: ['/Leadership'],
    });
    expect(config.people).toMatchObject({ offboardingSlaHours: 24, iamEmailTag: 'email', serviceAccounts: [] });
  });

  it('defaults to no executives without a people section', () => {
    const config = parseConfig(`version: 1\n${google}`, 'assay.yaml', {});
    expect(config.sources.google?.executives).toEqual({ groups: [], emails: [], orgUnits: [] });
    expect(config.people).toBeUndefined();
  });

  it('refuses the old Workspace executives setting, pointing to people.executives', () => {
    expect(errorOf(`version: 1\n${google}    executives: { emails: [ceo@example.com] }\n`)).toBe(
      'assay.yaml: sources.google.executives: moved: executives are declared once for every system under people.executives (groups, emails, orgUnits)\n  example:\n    people:\n      executives:\n        groups: [exec@example.com]\n        emails: [ceo@example.com]\n        orgUnits: [/Leadership]',
    );
  });

  it('names the key of a bad service account rule or mapping', () => {
    expect(errorOf(`version: 1\n${google}people:\n  serviceAccounts:\n    - { owner: ops@example.com }\n`)).toMatch(
      /^assay\.yaml: people\.serviceAccounts\[0\]: expected exactly one of name .* or tag/,
    );
    expect(
      errorOf(`version: 1\n${google}people:\n  accounts:\n    - { email: a@example.com, iamUser: dana }\n`),
    ).toMatch(/^assay\.yaml: people\.accounts\[0\]\.iamUser: expected an IAM user ARN/);
  });
});

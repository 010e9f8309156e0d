import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { parsePeopleMapping } from '../../src/config/load-people-mapping.js';
import { ConfigError } from '../../src/errors.js';
import { linkAccounts } from '../../src/model/people/link-accounts.js';
import type { RawAccount } from '../../src/model/people/system-accounts.js';

const google = `sources:
  google:
    domain: example.com
    auth:
      subject: admin@example.com
      serviceAccountKey: { env: GOOGLE_KEY }
`;
const ARN = 'arn:aws:iam::111122223333:user/dana';
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a config error');
};

describe('people mapping file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'assay-mapping-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const configIn = async (files: Record<string, string>, people: string) => {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const file = path.join(dir, 'assay.yaml');
    return () => parseConfig(`version: 1\n${google}people:\n${people}`, file, {});
  };

  it('reads a CSV by extension, relative to the config file, after the inline accounts; empty cells are absent', async () => {
    const load = await configIn(
      {
        'people.csv': `email,github,iamUser,identityCenterUser\nDana@Example.com,,${ARN},\nlee@example.com,lee-gh,,lee\n`,
      },
      '  mappingFile: people.csv\n  accounts:\n    - { email: kim@example.com, github: kim-gh }\n',
    );
    expect(load().people?.accounts).toEqual([
      { email: 'kim@example.com', github: 'kim-gh' },
      { email: 'dana@example.com', iamUser: ARN },
      { email: 'lee@example.com', github: 'lee-gh', identityCenterUser: 'lee' },
    ]);
  });

  it('reads a YAML file with the same keys as people.accounts, and the config digest covers its entries', async () => {
    const load = await configIn(
      { 'people.yaml': `accounts:\n  - { email: dana@example.com, iamUser: '${ARN}' }\n` },
      '  mappingFile: people.yaml\n',
    );
    const config = load();
    expect(config.people?.accounts).toEqual([{ email: 'dana@example.com', iamUser: ARN }]);
    await writeFile(path.join(dir, 'people.yaml'), `accounts:\n  - { email: lee@example.com, iamUser: '${ARN}' }\n`);
    expect(load().digest).not.toBe(config.digest);
  });

  it('names the file, line and column of every bad CSV cell, and an unknown or missing column', () => {
    expect(
      errorOf(() =>
        parsePeopleMapping(`email,github,iamUser\nnot-an-email,x,\nb@example.com,,dana\nc@example.com,,\n`, 'm.csv'),
      ),
    ).toBe(
      [
        "m.csv: line 2: column 'email': expected an email address such as ceo@example.com",
        "m.csv: line 3: column 'iamUser': expected an IAM user ARN",
        "m.csv: line 4: column 'email': expected at least one account to link: github, iamUser or identityCenterUser",
      ].join('\n'),
    );
    expect(errorOf(() => parsePeopleMapping('email,login\na@example.com,x\n', 'm.csv'))).toBe(
      "m.csv: header: unknown column 'login' (expected email and any of github, iamUser, identityCenterUser); found: email, login",
    );
    expect(errorOf(() => parsePeopleMapping('github\nx\n', 'm.csv'))).toMatch(/^m\.csv: header: no column 'email'/);
    expect(errorOf(() => parsePeopleMapping('email,github\n"a@example.com,x\n', 'm.csv'))).toMatch(
      /^m\.csv: not valid CSV: /,
    );
  });

  it('names the file, line and key of a bad YAML entry', () => {
    const text = `accounts:\n  - { email: a@example.com, github: a-gh }\n  - email: b@example.com\n    iamUser: dana\n  - { email: c@example.com, github: c, gitlab: c }\n`;
    expect(errorOf(() => parsePeopleMapping(text, 'm.yaml'))).toBe(
      [
        'm.yaml: line 4: accounts[1].iamUser: expected an IAM user ARN',
        "m.yaml: line 5: accounts[2]: unknown key 'gitlab'",
        '  example:',
        '    accounts:',
        '      - { email: dana@example.com, github: dana-codes }',
      ].join('\n'),
    );
    expect(errorOf(() => parsePeopleMapping('accounts: [', 'm.yaml'))).toMatch(/^m\.yaml: not valid YAML: /);
    expect(errorOf(() => parsePeopleMapping('- { email: a@example.com }', 'm.yaml'))).toMatch(
      /^m\.yaml: line 1: \(top level\): Invalid input: expected object, received array\n {2}example:/,
    );
  });

  it('refuses a file it cannot read or whose type it cannot tell, naming it', async () => {
    const missing = await configIn({}, '  mappingFile: absent.csv\n');
    expect(errorOf(missing)).toBe(`${path.join(dir, 'absent.csv')}: cannot read the people mapping file (ENOENT)`);
    const wrongType = await configIn({}, '  mappingFile: people.json\n');
    expect(errorOf(wrongType)).toMatch(/people\.mappingFile: expected a \.yaml, \.yml or \.csv file/);
  });

  it('an account the config and the file map to different people is a link conflict, never a guess', async () => {
    const load = await configIn(
      { 'clash.csv': `email,iamUser\nlee@example.com,${ARN}\n` },
      `  mappingFile: clash.csv\n  accounts:\n    - { email: dana@example.com, iamUser: '${ARN}' }\n`,
    );
    const people = load().people!;
    const raw: RawAccount = {
      system: 'aws-iam',
      scope: '111122223333',
      id: ARN,
      name: 'dana',
      claims: [],
      access: ['console password'],
      admin: [],
      credentials: [],
    } as unknown as RawAccount;
    const { accounts, conflicts } = linkAccounts([raw], new Set(['dana@example.com', 'lee@example.com']), people);
    expect(accounts[0]!.person).toBeUndefined();
    expect(conflicts).toEqual([
      {
        system: 'aws-iam',
        scope: '111122223333',
        account: ARN,
        name: 'dana',
        claims: [
          { person: 'dana@example.com', rule: 'mapping' },
          { person: 'lee@example.com', rule: 'mapping' },
        ],
      },
    ]);
  });
});

describe('moved executive settings', () => {
  it('refuses checks.aws-iam-console-users-mfa.executiveTag, pointing to people.executives (exit 2)', () => {
    const text = `version: 1\n${google}checks:\n  aws-iam-console-users-mfa: { executiveTag: assay:executive }\n`;
    expect(errorOf(() => parseConfig(text, 'assay.yaml', {}))).toBe(
      'assay.yaml: checks.aws-iam-console-users-mfa.executiveTag: moved: executives are declared once for every system under people.executives (groups, emails, orgUnits); IAM users reach them through people.iamEmailTag or people.accounts, and people-executives-protected checks their MFA',
    );
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openLocalStore } from '../../src/cli/open-store.js';
import { bufferOutput } from '../../src/cli/output.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { sha256Hex } from '../../src/evidence/manifest-codec.js';

const CONFIG = `version: 1
sources:
  github:
    auth: { token: { env: GH } }
    orgs: [acme]
evidence: { path: ./evidence }
attestations:
  attesters: [ciso@example.com, hr@example.com]
  aiSystems: [chatbot]
  training: { file: ./lms.csv, columns: { email: Email, completedAt: Completed } }
  acknowledgements: { currentPolicyVersion: '4.0' }
`;

describe('assay attest', () => {
  let dir: string;
  let store: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'assay-attest-'));
    store = path.join(dir, 'evidence');
    await mkdir(store);
    await writeFile(path.join(dir, 'assay.yaml'), CONFIG);
    await writeFile(path.join(dir, 'minutes.pdf'), 'minutes of the review');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = async (...argv: string[]) => {
    const out = bufferOutput();
    const code = await main(['attest', ...argv], {}, out);
    return { code, text: out.text() };
  };
  const records = () => openLocalStore(store).store.records.list('attestation');

  it('stores an attestation with its file hashed, and says the next run anchors it', async () => {
    const { code, text } = await run(
      'management-review',
      '--by',
      'ciso@example.com',
      '--file',
      path.join(dir, 'minutes.pdf'),
      '--covers',
      '2026Q4',
      '--note',
      'quarterly review',
      '--store',
      store,
    );
    expect(code).toBe(0);
    const [r] = await records();
    expect(r).toMatchObject({
      seq: 1,
      by: 'ciso@example.com',
      data: { kind: 'management-review', covers: '2026Q4', note: 'quarterly review' },
      files: [
        { name: 'minutes.pdf', mediaType: 'application/pdf', sha256: sha256Hex(Buffer.from('minutes of the review')) },
      ],
    });
    expect(text).toContain(`✔ Stored management review as record #1 by ciso@example.com at ${r!.at}`);
    expect(text).toContain(`records/0000000001.json sha256 ${r!.sha256}`);
    expect(text).toContain(`file minutes.pdf (21 bytes, application/pdf) sha256 ${r!.files[0]!.sha256}`);
    expect(text).toContain('The next assay run anchors it in its manifest');
  });

  it('stores a break-glass review with its event reference and ticket; an AI impact assessment per system', async () => {
    const config = path.join(dir, 'assay.yaml');
    await run(
      'break-glass-review',
      '--by',
      'ciso@example.com',
      '--ref',
      'e-123',
      '--ticket',
      'https://t.example.com/INC-7',
      '--config',
      config,
    );
    await run(
      'ai-impact-assessment',
      '--by',
      'ciso@example.com',
      '--system',
      'chatbot',
      '--note',
      'DPIA ref 12',
      '--config',
      config,
    );
    expect((await records()).map((r) => r.data)).toEqual([
      { kind: 'break-glass-review', ref: 'e-123', ticket: 'https://t.example.com/INC-7' },
      { kind: 'ai-impact-assessment', note: 'DPIA ref 12', system: 'chatbot' },
    ]);
  });

  it('refuses bad input with a usage error and stores nothing', async () => {
    const config = path.join(dir, 'assay.yaml');
    const cases: [string[], string][] = [
      [['bogus', '--by', 'a@example.com'], 'assay attest bogus: unknown kind; expected one of management-review'],
      [['internal-audit', '--note', 'x', '--store', store], 'assay attest: --by EMAIL is required'],
      [
        ['internal-audit', '--by', 'ciso', '--note', 'x', '--store', store],
        "--by: expected an email address, got 'ciso'",
      ],
      [
        ['internal-audit', '--by', 'eve@example.com', '--note', 'x', '--config', config],
        '--by: eve@example.com is not an attester (attestations.attesters in the config: ciso@example.com, hr@example.com)',
      ],
      [
        ['internal-audit', '--by', 'ciso@example.com', '--file', path.join(dir, 'nope.pdf'), '--store', store],
        `--file ${path.join(dir, 'nope.pdf')}: cannot read the file (ENOENT)`,
      ],
      [['internal-audit', '--by', 'ciso@example.com', '--store', store], 'give --file EVIDENCE and/or --note TEXT'],
      [
        ['break-glass-review', '--by', 'ciso@example.com', '--ref', 'e-1', '--store', store],
        '--ref EVENT_ID_OR_FINDING_KEY and --ticket URL are required',
      ],
      [
        ['break-glass-review', '--by', 'ciso@example.com', '--ref', 'e-1', '--ticket', 'INC-7', '--store', store],
        "--ticket: expected a URL, got 'INC-7'",
      ],
      [
        ['ai-impact-assessment', '--by', 'ciso@example.com', '--system', 'scoring', '--note', 'x', '--config', config],
        "--system: 'scoring' is not in attestations.aiSystems (chatbot)",
      ],
      [
        ['security-training', '--by', 'ciso@example.com', '--store', store],
        'assay attest import --kind security-training --file export.csv',
      ],
      [
        ['internal-audit', '--by', 'ciso@example.com', '--note', 'x', '--store', path.join(dir, 'typo')],
        `--store: no evidence store at ${path.join(dir, 'typo')}`,
      ],
      [
        ['import', '--by', 'ciso@example.com', '--store', store],
        'assay attest import: --kind security-training|policy-acknowledgement is required',
      ],
    ];
    for (const [argv, message] of cases) {
      const err = await run(...argv).catch((e: unknown) => e);
      expect(err, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((err as Error).message).toContain(message);
    }
    expect(await records()).toEqual([]);
  });

  it('imports an LMS export named by the config, through its columns, keeping the CSV as the record file', async () => {
    const csv = 'Email,Completed\nana@example.com,2026-02-01\n';
    await writeFile(path.join(dir, 'lms.csv'), csv);
    const { code, text } = await run(
      'import',
      '--kind',
      'security-training',
      '--by',
      'hr@example.com',
      '--config',
      path.join(dir, 'assay.yaml'),
    );
    expect(code).toBe(0);
    expect(text).toContain('✔ Stored security awareness training import (1 rows) as record #1');
    const [r] = await records();
    expect(r!.data).toEqual({
      kind: 'security-training',
      import: { rows: 1, entries: [{ email: 'ana@example.com', at: '2026-02-01T00:00:00.000Z' }] },
    });
    expect(r!.files[0]).toMatchObject({ name: 'lms.csv', mediaType: 'text/csv', sha256: sha256Hex(Buffer.from(csv)) });
  });

  it('refuses an export with bad rows or without the current policy version, naming the file and line', async () => {
    await writeFile(path.join(dir, 'bad.csv'), 'email,completedAt\nana@example.com,yesterday\n');
    await writeFile(path.join(dir, 'old.csv'), 'email,version,acknowledgedAt\nana@example.com,3.0,2026-01-01\n');
    const bad = await run(
      'import',
      '--kind',
      'security-training',
      '--by',
      'hr@example.com',
      '--file',
      path.join(dir, 'bad.csv'),
      '--store',
      store,
    ).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as Error).message).toBe(
      `${path.join(dir, 'bad.csv')}: line 2: column 'completedAt': expected a date (2026-11-02) or a date-time with offset, got 'yesterday'`,
    );
    const old = await run(
      'import',
      '--kind',
      'policy-acknowledgement',
      '--by',
      'hr@example.com',
      '--file',
      path.join(dir, 'old.csv'),
      '--config',
      path.join(dir, 'assay.yaml'),
    ).catch((e: unknown) => e);
    expect((old as Error).message).toBe(
      `${path.join(dir, 'old.csv')}: no row acknowledges the current policy version '4.0' (attestations.acknowledgements.currentPolicyVersion): wrong export or wrong version?`,
    );
    expect(await records()).toEqual([]);
  });
});

describe('assay controls', () => {
  it('shows every control as automated, attested or manual — no evidence yet', async () => {
    const out = bufferOutput();
    expect(await main(['controls'], {}, out)).toBe(0);
    const text = out.text();
    expect(text).toMatch(
      /ISO\/IEC 27001:2022 Annex A: \d+ of 93 controls have automated checks, \d+ are attested, \d+ are manual — no evidence yet/,
    );
    expect(text).toMatch(/\n {2}5\.1 +Policies for information security +attested +attestation-isms-policy-review\n/);
    expect(text).toMatch(
      /\n {2}6\.3 +Information security awareness, education and training +attested +attestation-security-training\n/,
    );
    expect(text).toMatch(
      /\n {2}A\.5\.2 +AI system impact assessment process +attested +attestation-ai-impact-assessment\n/,
    );
    expect(text).toMatch(/\n {2}5\.17 +Authentication information +automated +github-org-2fa-required/);
    expect(text).toMatch(/\n {2}5\.27 +Learning from information security incidents +manual — no evidence yet\n/);
    const rows = JSON.parse((await run2(['controls', '--json'])).text) as {
      ref: string;
      state: string;
      attestationChecks: string[];
    }[];
    expect(rows).toHaveLength(131);
    const markdown = (await run2(['controls', '--markdown'])).text.split('\n');
    expect(markdown).toHaveLength(133);
    expect(markdown).toContain(
      '| 27001 5.1 | Policies for information security | attested | `attestation-isms-policy-review` |',
    );
    expect(markdown).toContain(
      '| 27001 5.27 | Learning from information security incidents | manual — no evidence yet |  |',
    );
    expect(rows.find((r) => r.ref === 'iso42001:A.2.4')).toMatchObject({
      state: 'attested',
      attestationChecks: ['attestation-ai-policy-review'],
    });
  });
});

const run2 = async (argv: string[]) => {
  const out = bufferOutput();
  await main(argv, {}, out);
  return { text: out.text() };
};

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { startSimulatedOrganization, type SimulatedOrganization } from '../../sim/organization.js';
import { canaryStrings, plantSecrets, secretCanaries } from '../../sim/secret-plants.js';
import { demoConfig } from '../../src/cli/demo-config.js';
import { bufferOutput } from '../../src/cli/output.js';
import { findingsExportCommand } from '../../src/cli/findings-export-command.js';
import { REDACT_PATHS } from '../../src/logging/redact.js';
import { runWithConfig, tempStore, type TempStore } from '../support/sim-run.js';

// The demo config sends alerts and Linear tickets to the simulator's receivers: what they received is scanned too.
// The simulator's GitHub token (`sim-owner-token-…`) has no known shape: echoed back in a vendor error, only the
// run's mask of the credentials it resolved hides it (src/engine/secret-mask.ts).

/** The credentials the config hands assay: the GitHub token, the AWS secret key, the Google service-account key. */
function configuredSecrets(sim: SimulatedOrganization): string[] {
  const key = JSON.parse(sim.google.serviceAccountKeyJson) as { private_key: string; private_key_id: string };
  const pem = key.private_key.split('\n').filter((l) => l.length > 40);
  const r = sim.receivers;
  return [
    sim.github.token,
    sim.aws.secretAccessKey,
    key.private_key_id,
    ...pem,
    r.slack.webhookUrl,
    r.teams.webhookUrl,
    r.googleChat.webhookUrl,
    r.webhook.url,
    r.webhook.signingSecret,
    r.linear.apiKey,
  ];
}

/** Every file under `dir`, `.gz` ones decompressed, by path relative to it. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const texts = await Promise.all(
    files.map(async (f) => {
      const full = path.join(f.parentPath, f.name);
      const bytes = await readFile(full);
      const text = f.name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      return [path.relative(dir, full), text] as const;
    }),
  );
  return new Map(texts);
}

const leaksIn = (texts: Map<string, string>, secrets: readonly string[]): string[] =>
  [...texts].flatMap(([name, text]) =>
    secrets.filter((s) => text.includes(s)).map((s) => `${name} holds ${s.slice(0, 14)}…`),
  );

describe('secrets planted everywhere a vendor could return one stay at the source', () => {
  const canaries = secretCanaries();
  let sim: SimulatedOrganization;
  let t: TempStore;
  let planted: string[] = [];
  let logs = '';
  const exports = new Map<string, string>();

  beforeAll(async () => {
    sim = await startSimulatedOrganization({
      seed: 23,
      githubOrgs: 2,
      membersPerOrg: 10,
      reposPerOrg: 12,
      awsAccounts: 2,
      awsUsersPerAccount: 5,
      googleUsers: 40,
    });
    planted = plantSecrets(sim, canaries);
    t = await tempStore();
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        logs += String(chunk);
        done();
      },
    });
    const { yaml, env } = demoConfig(sim);
    await runWithConfig(yaml, env, t.store, { log: pino({ level: 'debug', redact: REDACT_PATHS }, sink) });
    const out = bufferOutput();
    const csv = path.join(path.dirname(t.dir), `${path.basename(t.dir)}-findings.csv`);
    expect(await findingsExportCommand({ store: t.dir, format: 'ocsf' }, out)).toBe(0);
    exports.set('ocsf (stdout)', out.text());
    expect(await findingsExportCommand({ store: t.dir, format: 'csv', out: csv }, out)).toBe(0);
    exports.set('findings.csv', await readFile(csv, 'utf8'));
    exports.set('alerts and tickets, as received', sim.receivers.state.allText());
  }, 120_000);
  afterAll(async () => {
    await sim.stop();
    await t.cleanup();
  });

  it('served the planted error bodies and headers to assay', () => {
    expect(planted.length).toBeGreaterThanOrEqual(7);
    expect(sim.github.server.faults.remaining('GET /orgs/{org}/outside_collaborators')).toBe(0);
    expect(sim.google.server.faults.remaining('directory.tokens.list')).toBe(0);
    expect(sim.aws.server.faults.remaining('iam:GetAccountPasswordPolicy')).toBe(0);
  });

  it('scans a store that holds the run, its report and its snapshots', async () => {
    const stored = await filesUnder(t.dir);
    const names = [...stored.keys()];
    expect(names.some((n) => n.endsWith('report.html'))).toBe(true);
    expect(names.some((n) => n.endsWith('.json.gz'))).toBe(true);
    const all = [...stored.values()].join('\n');
    expect(all).toContain(sim.github.orgs[0]!.login);
    expect(exports.get('findings.csv')).toContain(sim.github.orgs[0]!.login);
    // The planted error messages reached the evidence, masked.
    expect(all).toContain('Password=[REDACTED] with key [REDACTED]');
    expect(all).toContain('{\\"password\\":\\"[REDACTED]\\"}');
    expect(all).toContain('personal access token [REDACTED]; request made with [REDACTED]');
    expect(logs).toContain('"level":20');
  });

  it('keeps every canary and configured credential out of every stored object', async () => {
    const stored = await filesUnder(t.dir);
    expect(leaksIn(stored, [...canaryStrings(canaries), ...configuredSecrets(sim)])).toEqual([]);
  });

  it('sent alerts and tickets carrying the findings', () => {
    expect(sim.receivers.state.of('slack').length).toBe(1);
    expect(sim.receivers.state.tickets.linear.length).toBeGreaterThan(0);
    expect(exports.get('alerts and tickets, as received')).toContain(sim.github.orgs[0]!.login);
  });

  it('keeps them out of the OCSF and CSV exports and every alert and ticket', () => {
    expect(leaksIn(exports, [...canaryStrings(canaries), ...configuredSecrets(sim)])).toEqual([]);
  });

  it('keeps them out of the logs at debug level', () => {
    expect(leaksIn(new Map([['log', logs]]), [...canaryStrings(canaries), ...configuredSecrets(sim)])).toEqual([]);
  });
});

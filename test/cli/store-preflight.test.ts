import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bufferOutput } from '../../src/cli/output.js';
import { ConfigError } from '../../src/errors.js';

const exec = promisify(execFile);

/** Runs the real CLI (its error boundary included); resolves with the exit code and output. */
const cli = (args: string[], env: Record<string, string>) =>
  exec(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: unknown) => {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    },
  );

describe('a run checks its evidence store and log level before collecting', () => {
  let dir: string;
  let server: Server;
  let requests = 0;
  let configFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'assay-preflight-'));
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    configFile = path.join(dir, 'assay.yaml');
    await writeFile(
      configFile,
      `version: 1\nlog: { level: silent }\nsources:\n  github:\n    baseUrl: http://127.0.0.1:${port}\n    auth: { token: { env: PF_TOKEN } }\n    orgs: [acme]\n    retries: 0\n`,
    );
    await writeFile(path.join(dir, 'a-file'), 'x');
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a store path that is a file as a usage error, having made no request', async () => {
    const store = path.join(dir, 'a-file');
    const err = await main(['run', '--config', configFile, '--store', store], { PF_TOKEN: 't' }, bufferOutput()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`evidence store ${store}: ${store} is a file, not a directory`);
    expect(requests).toBe(0);
  });

  it('exits 2 with one line, no stack, for a store under /proc', async () => {
    const r = await cli(['run', '--config', configFile, '--store', '/proc/assay-evidence'], { PF_TOKEN: 't' });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'assay: evidence store /proc/assay-evidence: /proc is a kernel pseudo-filesystem, not storage\n',
    );
    expect(requests).toBe(0);
  });

  it('exits 2 naming the accepted values for an unknown ASSAY_LOG_LEVEL', async () => {
    const r = await cli(['run', '--config', configFile], { PF_TOKEN: 't', ASSAY_LOG_LEVEL: 'loud' });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      "assay: ASSAY_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got 'loud'\n",
    );
    expect(requests).toBe(0);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createGithubClient } from '../../../collectors/github/github-client.js';
import type { CollectorContext } from '../../../src/model/collector.js';
import type { GithubSourceConfig } from '../../../src/model/config/github-config.js';

/** `global.gc` without starting the worker with --expose-gc: the flag set at run time, the function taken from a fresh context. */
v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

describe('the GitHub client', () => {
  let server: Server;
  let baseUrl: string;
  let answered = 0;

  beforeAll(async () => {
    // `/hang` never answers; `/slow-body` sends headers, then never finishes the body; `/ok` answers at once.
    server = createServer((req, res) => {
      if (req.url === '/ok') {
        answered++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } else if (req.url === '/malformed') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('[{"number":1,');
      } else if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"ok":');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = () => {
    let requests = 0;
    const ctx = {
      config: { baseUrl, requestTimeoutSeconds: 0.3, retries: 0 } as GithubSourceConfig,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
      countRequest: () => {
        requests++;
      },
      bindRequestCounter: () => () => {
        requests++;
      },
    } as unknown as CollectorContext<GithubSourceConfig>;
    return { gh: createGithubClient(ctx, { kind: 'token', token: 'test-token' }), requests: () => requests };
  };

  /** Settles within `ms`, or says it is still pending; collects garbage while it waits. */
  const within = async (p: Promise<unknown>, ms: number): Promise<string> => {
    const outcome = p.then(
      () => 'resolved',
      (e: unknown) => `rejected: ${(e as Error).message}`,
    );
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gc();
    }
    return Promise.race([outcome, new Promise<string>((r) => setTimeout(() => r('still pending'), ms))]);
  };

  it('stops a request that hangs at its time limit, even after a garbage collection', async () => {
    const { gh, requests } = client();
    expect(await within(gh.request('GET /hang'), 3000)).toMatch(/^rejected: .*timed out after 300 ms/);
    expect(requests()).toBe(1);
  });

  it('holds the body to the same time limit', async () => {
    const { gh } = client();
    expect(await within(gh.request('GET /slow-body'), 3000)).toMatch(/^rejected: .*timed out after 300 ms/);
  });

  it('refuses a JSON answer that does not parse, saying so, instead of handing the text on', async () => {
    const { gh } = client();
    await expect(gh.request('GET /malformed')).rejects.toThrow(
      'GitHub answered GET /malformed with a body that is not valid JSON (13 characters)',
    );
  });

  it('answers a prompt request as usual, and clears its timer', async () => {
    const { gh } = client();
    const res = await gh.request('GET /ok');
    expect(res.data).toEqual({ ok: true });
    expect(res.url).toBe(`${baseUrl}/ok`);
    expect(answered).toBe(1);
  });
});

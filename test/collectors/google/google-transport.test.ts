import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createGoogleTransport } from '../../../collectors/google/google-transport.js';

const script = fileURLToPath(new URL('./scripts/hung-request-after-gc.ts', import.meta.url));

describe('Google transport per-request timeout', () => {
  let server: http.Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  it('still aborts a hung request after a garbage collection (the timer is owned, not a collectable signal)', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const { outcome, ms } = JSON.parse(out) as { outcome: string; ms: number };
    expect(outcome).toBe('failed: The operation was aborted due to timeout');
    expect(ms).toBeLessThan(2000);
  });

  it('bounds the body too: headers sent, body never finished, aborted at the timeout', async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"users": [');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let requests = 0;
    const transport = createGoogleTransport({
      countRequest: () => requests++,
      signal: new AbortController().signal,
      timeoutMs: 200,
    });
    const started = performance.now();
    await expect(
      transport.request({ url: `http://127.0.0.1:${port}/slow-body`, retry: false, responseType: 'json' }),
    ).rejects.toThrow('The operation was aborted due to timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(requests).toBe(1);
  });

  it('answers normally, and a request that finished leaves no timer behind', async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = createGoogleTransport({
      countRequest: () => undefined,
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const res = await transport.request<{ ok: boolean }>({ url: `http://127.0.0.1:${port}/`, responseType: 'json' });
    expect(res.data).toEqual({ ok: true });
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(before);
  });

  it('aborts at once when the collector is stopped', async () => {
    server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const stop = new AbortController();
    const transport = createGoogleTransport({ countRequest: () => undefined, signal: stop.signal, timeoutMs: 60_000 });
    const pending = transport.request({ url: `http://127.0.0.1:${port}/`, retry: false });
    setTimeout(() => stop.abort(), 20);
    await expect(pending).rejects.toThrow();
  });
});

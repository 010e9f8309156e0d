/**
 * Run as `node --expose-gc --import tsx <this file>`: sends one request through the Google transport to a server
 * that never answers, forces a garbage collection while it waits, and prints how the request ended (JSON).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGoogleTransport } from '../../../../collectors/google/google-transport.js';

const TIMEOUT_MS = 300;
const GIVE_UP_MS = 3000;

const server = http.createServer(() => {
  // Never answers: the request can only end by the transport's own timeout.
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const transport = createGoogleTransport({
  countRequest: () => undefined,
  signal: new AbortController().signal,
  timeoutMs: TIMEOUT_MS,
});
const started = performance.now();
const request = transport.request({ url: `http://127.0.0.1:${port}/hang`, retry: false }).then(
  () => 'answered',
  (err: unknown) => `failed: ${err instanceof Error ? err.message : String(err)}`,
);
await new Promise((resolve) => setTimeout(resolve, 50));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
gc();
let giveUp: NodeJS.Timeout | undefined;
const outcome = await Promise.race([
  request,
  new Promise<string>((resolve) => (giveUp = setTimeout(() => resolve('still waiting'), GIVE_UP_MS))),
]);
clearTimeout(giveUp);
process.stdout.write(JSON.stringify({ outcome, ms: Math.round(performance.now() - started) }));
server.closeAllConnections();
server.close();

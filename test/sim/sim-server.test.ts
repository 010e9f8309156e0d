import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Route } from '../../sim/http/route.js';
import { SimServer } from '../../sim/http/sim-server.js';

const routes: Route[] = [
  {
    id: 'GET /things/{id}',
    method: 'GET',
    pattern: '/things/{id}',
    handle: (req) => ({ status: 200, json: { id: req.params.id, q: req.query.get('q') } }),
  },
  { id: 'GET /things', method: 'GET', pattern: '/things', handle: () => ({ status: 200, json: [1, 2, 3] }) },
  // AWS query protocol: everything is POST / with the action in the form body.
  {
    id: 'iam:GetCredentialReport',
    method: 'POST',
    pattern: '/',
    match: (req) => new URLSearchParams(req.body).get('Action') === 'GetCredentialReport',
    handle: () => ({ status: 200, headers: { 'content-type': 'text/xml' }, text: '<GetCredentialReportResponse/>' }),
  },
  // AWS JSON 1.1: the operation is in a header.
  {
    id: 'organizations:ListAccounts',
    match: (req) => req.headers['x-amz-target'] === 'AWSOrganizationsV20161128.ListAccounts',
    handle: (req) => ({ status: 200, json: { echo: JSON.parse(req.body) as unknown } }),
  },
];

describe('SimServer', () => {
  let server: SimServer;
  let base: string;
  beforeEach(async () => {
    server = new SimServer('test', routes);
    base = await server.listen();
  });
  afterEach(() => server.close());

  it('listens on 127.0.0.1 and routes by method and path, with params and query', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${base}/things/a%20b?q=1`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await r.json()).toEqual({ id: 'a b', q: '1' });
    expect(await (await fetch(`${base}/things`)).json()).toEqual([1, 2, 3]);
  });

  it('routes on the body and on headers for non-REST protocols', async () => {
    const q = await fetch(base, {
      method: 'POST',
      body: 'Action=GetCredentialReport&Version=2010-05-08',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(await q.text()).toBe('<GetCredentialReportResponse/>');
    expect(q.headers.get('content-type')).toBe('text/xml');
    const j = await fetch(base, {
      method: 'POST',
      body: '{"MaxResults":1}',
      headers: { 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' },
    });
    expect(await j.json()).toEqual({ echo: { MaxResults: 1 } });
    const other = await fetch(base, { method: 'POST', body: 'Action=ListUsers' });
    expect(other.status).toBe(404);
    expect(server.counts()).toEqual({ 'iam:GetCredentialReport': 1, 'organizations:ListAccounts': 1, unmatched: 1 });
  });

  it('answers 404 to unknown routes and counts them as unmatched', async () => {
    const r = await fetch(`${base}/nowhere`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ message: 'Not Found' });
    const wrongMethod = await fetch(`${base}/things`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
    expect(server.counts()).toEqual({ unmatched: 2 });
  });

  it('counts requests per route id, totals them and resets', async () => {
    await fetch(`${base}/things/1`);
    await fetch(`${base}/things/2`);
    await fetch(`${base}/things`);
    expect(server.counts()).toEqual({ 'GET /things/{id}': 2, 'GET /things': 1 });
    expect(server.total()).toBe(3);
    server.resetCounts();
    expect(server.counts()).toEqual({});
    expect(server.total()).toBe(0);
  });

  it("times each answer's own work, not the injected latency, and resets with the counts", async () => {
    server.setLatency('*', 400);
    await Promise.all([fetch(`${base}/things/1`), fetch(`${base}/things`)]);
    expect(server.serviceTimes()).toHaveLength(2);
    for (const ms of server.serviceTimes()) expect(ms).toBeGreaterThanOrEqual(0);
    // Each request waited 400 ms before its answer was computed; a trivial answer takes far less.
    for (const ms of server.serviceTimes()) expect(ms).toBeLessThan(400);
    server.resetCounts();
    expect(server.serviceTimes()).toEqual([]);
  });

  it('rejects duplicate and reserved route ids', () => {
    expect(() => new SimServer('x', [routes[0]!, routes[0]!])).toThrow(/used twice/);
    expect(() => new SimServer('x', [{ ...routes[0]!, id: 'unmatched' }])).toThrow(/reserved/);
  });

  it('adds latency per route, or to all routes with *', async () => {
    server.setLatency('GET /things/{id}', 150);
    let t = performance.now();
    await fetch(`${base}/things/1`);
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
    t = performance.now();
    await fetch(`${base}/things`);
    expect(performance.now() - t).toBeLessThan(140);
    server.setLatency('GET /things/{id}', 0);
    server.setLatency('*', 100);
    t = performance.now();
    await fetch(`${base}/things`);
    expect(performance.now() - t).toBeGreaterThanOrEqual(90);
  });

  it('status fault: answers the status and body, and still counts', async () => {
    server.faults.inject('GET /things', { kind: 'status', status: 503, body: { message: 'down' } });
    const r = await fetch(`${base}/things`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ message: 'down' });
    expect(server.counts()).toEqual({ 'GET /things': 1 });
    server.faults.inject('iam:GetCredentialReport', {
      kind: 'status',
      status: 400,
      text: '<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>',
      headers: { 'content-type': 'text/xml' },
    });
    const x = await fetch(base, { method: 'POST', body: 'Action=GetCredentialReport' });
    expect([x.status, x.headers.get('content-type'), await x.text()]).toEqual([
      400,
      'text/xml',
      '<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>',
    ]);
  });

  it('honours times, in the order faults were injected, then answers normally', async () => {
    server.faults.inject('GET /things', { kind: 'status', status: 503 }, { times: 2 });
    server.faults.inject('GET /things', { kind: 'status', status: 403 }, { times: 1 });
    expect(server.faults.remaining('GET /things')).toBe(3);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${base}/things`)).status);
    expect(statuses).toEqual([503, 503, 403, 200, 200]);
    expect(server.counts()['GET /things']).toBe(5);
  });

  it('applies * faults to every route, after a route own faults, until cleared', async () => {
    server.faults.inject('*', { kind: 'status', status: 500 });
    server.faults.inject('GET /things', { kind: 'status', status: 502 }, { times: 1 });
    expect((await fetch(`${base}/things`)).status).toBe(502);
    expect((await fetch(`${base}/things`)).status).toBe(500);
    expect((await fetch(`${base}/things/1`)).status).toBe(500);
    expect((await fetch(`${base}/nowhere`)).status).toBe(500);
    server.faults.clear();
    expect((await fetch(`${base}/things`)).status).toBe(200);
  });

  it('rate-limit fault: 429 with retry-after', async () => {
    server.faults.inject('GET /things/{id}', { kind: 'rate-limit', retryAfterSeconds: 7 }, { times: 1 });
    const r = await fetch(`${base}/things/1`);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${base}/things/1`)).status).toBe(200);
  });

  it('malformed fault: 200 with a body that is not valid JSON', async () => {
    server.faults.inject('GET /things/{id}', { kind: 'malformed' }, { times: 1 });
    const r = await fetch(`${base}/things/abc`);
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
    expect(await (await fetch(`${base}/things/abc`)).json()).toEqual({ id: 'abc', q: null });
  });

  it('hang fault: never answers; the client times out and the request is counted', async () => {
    server.faults.inject('GET /things', { kind: 'hang' }, { times: 1 });
    await expect(fetch(`${base}/things`, { signal: AbortSignal.timeout(200) })).rejects.toThrow(/abort|timeout/i);
    expect(server.counts()['GET /things']).toBe(1);
    expect((await fetch(`${base}/things`)).status).toBe(200);
  });

  it('close() drops hung requests instead of waiting for them', async () => {
    server.faults.inject('*', { kind: 'hang' });
    server.setLatency('GET /things/{id}', 60_000);
    const hung = fetch(`${base}/things`).then(
      () => 'answered',
      () => 'dropped',
    );
    const slow = fetch(`${base}/things/1`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(server.total()).toBe(2);
    const t = performance.now();
    await server.close();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(await Promise.all([hung, slow])).toEqual(['dropped', 'dropped']);
  });

  it('answers 500 when a handler throws', async () => {
    const s = new SimServer('broken', [
      {
        id: 'GET /boom',
        method: 'GET',
        pattern: '/boom',
        handle: () => {
          throw new Error('bug');
        },
      },
    ]);
    const url = await s.listen();
    try {
      const r = await fetch(`${url}/boom`);
      expect(r.status).toBe(500);
      expect(((await r.json()) as { message: string }).message).toMatch(/broken simulator error: Error: bug/);
    } finally {
      await s.close();
    }
  });
});

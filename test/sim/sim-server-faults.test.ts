import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { SimServer } from '../../sim/http/sim-server.js';
import { REPEAT_TOKEN } from '../../sim/http/page-faults.js';
import { googlePageFaults } from '../../sim/google/google-page-faults.js';
import { githubPageFaults } from '../../sim/github/github-page-faults.js';
import { paginate } from '../../sim/github/github-pagination.js';

const ITEMS = Array.from({ length: 10 }, (_, i) => ({ id: i }));

/** A list paged like the Admin SDK (`maxResults`, `pageToken`) and one paged like GitHub's REST API. */
function listServer() {
  return new SimServer(
    'test',
    [
      {
        id: 'google.list',
        pattern: '/google',
        handle: (req) => {
          const size = Number(req.query.get('maxResults') ?? 100);
          const start = Number(req.query.get('pageToken') ?? 0);
          const end = start + size;
          return {
            status: 200,
            json: { items: ITEMS.slice(start, end), ...(end < ITEMS.length ? { nextPageToken: String(end) } : {}) },
          };
        },
      },
      {
        id: 'github.list',
        pattern: '/github',
        handle: (req) => {
          const page = paginate(ITEMS, req.url);
          return { status: 200, json: page.items, ...(page.link ? { headers: { link: page.link } } : {}) };
        },
      },
    ],
    {
      pages: {
        repeatCursor: (req, answer) =>
          (req.url.pathname === '/github' ? githubPageFaults : googlePageFaults).repeatCursor(req, answer),
        shortPage: (req, size) =>
          (req.url.pathname === '/github' ? githubPageFaults : googlePageFaults).shortPage(req, size),
      },
    },
  );
}

/** Status, headers and as much of the body as arrived, or the socket error that ended it. */
function get(url: string): Promise<{ status?: number; length?: string; body: string; error?: string }> {
  return new Promise((resolve) => {
    let body = '';
    let status: number | undefined;
    let length: string | undefined;
    const req = request(url, (res) => {
      status = res.statusCode;
      length = res.headers['content-length'];
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status, length, body }));
      res.on('error', (e) => resolve({ status, length, body, error: e.message }));
      res.on('aborted', () => resolve({ status, length, body, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ status, length, body, error: e.message }));
    req.end();
  });
}

describe('simulator faults', () => {
  let server: SimServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('truncated: the content-length promises the whole body, half arrives, then the connection ends', async () => {
    server = listServer();
    const base = await server.listen();
    const whole = await get(`${base}/google`);
    server.faults.inject('google.list', { kind: 'truncated' }, { times: 1 });
    const cut = await get(`${base}/google`);
    expect(cut.status).toBe(200);
    expect(cut.length).toBe(String(Buffer.byteLength(whole.body)));
    expect(cut.body).toBe(whole.body.slice(0, Math.floor(whole.body.length / 2)));
    expect(cut.error).toBeDefined();
  });

  it('reset: the connection is destroyed before any answer', async () => {
    server = listServer();
    const base = await server.listen();
    server.faults.inject('google.list', { kind: 'reset' }, { times: 1 });
    const res = await get(`${base}/google`);
    expect(res.status).toBeUndefined();
    expect(res.error).toMatch(/socket hang up|ECONNRESET/);
    expect(server.counts()).toEqual({ 'google.list': 1 });
  });

  it('repeat-cursor: the first page hands out the repeat token, and a request carrying it gets it back', async () => {
    server = listServer();
    const base = await server.listen();
    server.faults.inject('google.list', { kind: 'repeat-cursor' });
    const first = JSON.parse((await get(`${base}/google?maxResults=4`)).body) as { items: unknown[] };
    expect(first).toEqual({ items: ITEMS.slice(0, 4), nextPageToken: REPEAT_TOKEN });
    const again = JSON.parse((await get(`${base}/google?maxResults=4&pageToken=${REPEAT_TOKEN}`)).body) as unknown;
    expect(again).toEqual(first);
  });

  it("repeat-cursor on GitHub's REST API: the Link header's next URL is the request's own", async () => {
    server = listServer();
    const base = await server.listen();
    server.faults.inject('github.list', { kind: 'repeat-cursor' });
    const url = `${base}/github?per_page=100`;
    const res = await fetch(url);
    expect(res.headers.get('link')).toBe(`<${url}>; rel="next"`);
  });

  it('short-page: fewer items than asked, with a continuation that leads to the rest', async () => {
    server = listServer();
    const base = await server.listen();
    server.faults.inject('google.list', { kind: 'short-page', size: 3 });
    const seen: unknown[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = JSON.parse(
        (await get(`${base}/google?maxResults=100${token ? `&pageToken=${token}` : ''}`)).body,
      ) as { items: unknown[]; nextPageToken?: string };
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      token = page.nextPageToken;
      pages++;
    } while (token !== undefined && pages < 10);
    expect(seen).toEqual(ITEMS);
    expect(pages).toBe(4);
  });

  it('short-page on GitHub: per_page is lowered, and the Link header carries it to the next page', async () => {
    server = listServer();
    const base = await server.listen();
    server.faults.inject('github.list', { kind: 'short-page', size: 4 }, { times: 1 });
    const res = await fetch(`${base}/github?per_page=100`);
    expect(((await res.json()) as unknown[]).length).toBe(4);
    expect(res.headers.get('link')).toContain(`${base}/github?per_page=4&page=2>; rel="next"`);
  });

  it('repeat-cursor and short-page answer 500 on a simulator without paging hooks', async () => {
    server = new SimServer('bare', [{ id: 'r', pattern: '/r', handle: () => ({ status: 200, json: {} }) }]);
    const base = await server.listen();
    server.faults.inject('r', { kind: 'repeat-cursor' }, { times: 1 });
    const res = await get(`${base}/r`);
    expect(res.status).toBe(500);
    expect(res.body).toContain('no paging hooks');
  });
});

import { TEST_USER_HEADER } from './oidc-test-provider.js';

/** Answers a request to the console (its app, without a socket); any other origin is fetched. */
export type ConsoleFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A browser enough for the sign-in flow: follows redirects across the console and the provider, keeps cookies per
 * origin (Max-Age=0 deletes), and sends the provider the test user. Stops at `stopAt` (a path prefix) when given.
 */
export class FlowBrowser {
  readonly jar = new Map<string, Map<string, string>>();

  constructor(
    private readonly consoleOrigin: string,
    private readonly app: ConsoleFetch,
    readonly user: string,
  ) {}

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(origin)?.get(name);
  }

  setCookie(origin: string, name: string, value: string): void {
    const jar = this.jar.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.jar.set(origin, jar);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const headers = new Headers(init.headers);
    const cookies = [...(this.jar.get(u.origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`);
    if (cookies.length > 0) headers.set('Cookie', cookies.join('; '));
    headers.set(TEST_USER_HEADER, this.user);
    const res =
      u.origin === this.consoleOrigin
        ? await this.app(url, { ...init, headers })
        : await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const jar = this.jar.get(u.origin) ?? new Map<string, string>();
      if (attrs.some((a) => /^\s*max-age=0$/i.test(a)) || value === '') jar.delete(name);
      else jar.set(name, value);
      this.jar.set(u.origin, jar);
    }
    return res;
  }

  /** Follows redirects from `url`; the last response and every URL visited. */
  async follow(url: string, stopAt?: string): Promise<{ res: Response; url: string; visited: string[] }> {
    const visited = [url];
    let res = await this.request(url);
    for (let i = 0; i < 15 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('Location')!, url).href;
      if (stopAt && next.startsWith(stopAt)) return { res, url: next, visited };
      url = next;
      visited.push(url);
      res = await this.request(url);
    }
    return { res, url, visited };
  }
}

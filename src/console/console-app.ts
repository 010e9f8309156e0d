import { gunzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { parse as parseCookies, serialize } from 'hono/utils/cookie';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import type { Snapshot } from '../model/snapshot.js';
import { esc } from '../reports/html-escape.js';
import { peopleSections } from '../reports/people-tables.js';
import { TICKET_LINK_RECORD } from '../tickets/sync-tickets.js';
import { CONSOLE_CSS, CONSOLE_JS } from './assets.js';
import { controlRoutes } from './control-routes.js';
import { detailBody } from './detail-page.js';
import { findingEvidenceReader, linkedTickets } from './finding-evidence.js';
import { FILTER_KEYS, type FindingFilter } from './finding-query.js';
import { findingsBody } from './findings-page.js';
import { layout, queryString, type Viewer } from './layout.js';
import { overviewBody } from './overview-page.js';
import type { ConsoleReadModel } from './read-model.js';
import type { OidcSignIn } from './oidc-sign-in.js';
import { oidcRoutes, signInChallenge } from './oidc-routes.js';
import { issueSession, readSession, sameToken, SESSION_COOKIE } from './session.js';
import { appendTriage, TriageActionSchema, TriageRefused, triageOf, TRIAGE_RECORD } from './triage.js';

export interface Identity {
  user: string;
  roles: ReadonlySet<string>;
}

export interface ConsoleAppOptions {
  model: ConsoleReadModel;
  store: EvidenceStore;
  /** HMAC key of the session cookies. */
  secret: Uint8Array;
  /** Who sends the request (the local user, or the trusted proxy's header); undefined: not signed in. */
  identify: (headers: Headers) => Identity | undefined;
  /** `exceptions.approvers`: when not empty, only they may approve, whatever their role. */
  approvers: readonly string[];
  now?: () => Date;
  /** Whether `assay evidence export` exists in this build, to show its command per control. */
  exportAvailable?: boolean;
  /** Sign-in with an OpenID Connect provider: the signed session, not `identify`, says who and with which roles. */
  oidc?: OidcSignIn;
  /** `Secure` cookies (the console's public address is https). */
  secureCookies?: boolean;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const WRITE_ACTIONS: Record<string, string> = {
  assign: 'triager',
  acknowledge: 'triager',
  comment: 'triager',
  'propose-exception': 'triager',
  'approve-exception': 'approver',
  'reject-exception': 'approver',
  'revoke-exception': 'approver',
};

type Env = { Variables: { viewer: Viewer } };

/** The console: server-rendered pages over the store, and triage written as append-only records. */
export function consoleApp(o: ConsoleAppOptions): Hono<Env> {
  const now = o.now ?? (() => new Date());
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  const secure = o.secureCookies ?? false;
  if (o.oidc) app.route('/auth', oidcRoutes({ signIn: o.oidc, secret: o.secret, now, secure }));

  app.use('*', async (c, next) => {
    let session = readSession(
      o.secret,
      parseCookies(c.req.header('Cookie') ?? '', SESSION_COOKIE)[SESSION_COOKIE],
      now(),
    );
    const id = o.oidc
      ? session?.roles && { user: session.user, roles: new Set(session.roles) }
      : o.identify(c.req.raw.headers);
    if (!id) return o.oidc ? signInChallenge(c.req.method, c.req.url) : c.text('sign-in required', 401);
    if (session?.user !== id.user) {
      if (c.req.method !== 'GET') return c.text('no session: reload the page', 403);
      const issued = issueSession(o.secret, id.user, now());
      session = issued.session;
      c.header(
        'Set-Cookie',
        serialize(SESSION_COOKIE, issued.cookie, { httpOnly: true, sameSite: 'Lax', path: '/', secure }),
      );
    }
    c.set('viewer', { user: id.user, roles: id.roles, csrf: session.csrf, ...(o.oidc ? { signedIn: true } : {}) });
    await o.model.refresh();
    await next();
  });

  const page = (c: Context<Env>, title: string, body: string, status: 200 | 404 = 200) =>
    c.html(layout(title, c.get('viewer'), body), status);
  const noRuns = (c: Context<Env>) =>
    page(c, 'No runs', '<p>The store holds no run yet: run <code>assay run</code>.</p>');
  const runOf = (c: Context<Env>) => o.model.run(c.req.query('run') || undefined);

  app.get('/', async (c) => {
    const run = o.model.latest();
    if (!run) return noRuns(c);
    const findings = await o.model.findings(run);
    return page(c, 'Overview', overviewBody(run, o.model.runs(), findings, await o.model.previousStatuses(run)));
  });

  app.get('/findings', async (c) => {
    const run = runOf(c);
    if (!run) return o.model.latest() ? page(c, 'Unknown run', '<p>No such run.</p>', 404) : noRuns(c);
    const filter: FindingFilter = {};
    for (const k of FILTER_KEYS) {
      const v = c.req.query(k);
      if (v) filter[k] = v.slice(0, 200);
    }
    const result = await o.model.query(
      run,
      filter,
      Number(c.req.query('page') ?? 1),
      Number(c.req.query('size') ?? 50),
    );
    const all = await o.model.findings(run);
    const checks = [...new Set(all.map((f) => f.checkId))].sort();
    const controls = [...new Set(all.flatMap((f) => f.controls))].sort();
    return page(c, 'Findings', findingsBody(run, filter, result, { checks, controls }));
  });

  const evidenceOf = findingEvidenceReader(o.store);
  app.get('/finding', async (c) => {
    const run = runOf(c);
    const f = run && (await o.model.finding(run, c.req.query('key') ?? ''));
    if (!run || !f) return page(c, 'Finding not found', '<p>No such finding in this run.</p>', 404);
    const actions = triageOf(await o.model.recordsOf(TRIAGE_RECORD), f.key);
    const tickets = linkedTickets(await o.model.recordsOf(TICKET_LINK_RECORD), f.key);
    const history = await o.model.history(f.key);
    const body = detailBody(run, f, await evidenceOf(run, f), history, actions, c.get('viewer'), tickets);
    return page(c, f.title, body);
  });

  controlRoutes(app, {
    model: o.model,
    store: o.store,
    now,
    exportAvailable: o.exportAvailable ?? false,
    page,
    noRuns,
  });

  app.get('/people', async (c) => {
    const run = o.model.latest();
    if (!run) return noRuns(c);
    const artifact = run.artifacts.find((a) => a.path.startsWith('snapshots/people/'));
    if (!artifact) return page(c, 'People', '<p>The people graph has not run in the latest run.</p>');
    const snapshot = JSON.parse(
      gunzipSync(await o.store.readArtifact(run.runId, artifact.path)).toString('utf8'),
    ) as Snapshot;
    const sections = peopleSections([snapshot], now());
    return page(
      c,
      'People',
      sections.map((s) => `<h2>${esc(s.title)}</h2>${s.html}`).join('') || '<p>No people graph in this run.</p>',
    );
  });

  app.post('/triage', async (c) => {
    const viewer = c.get('viewer');
    const origin = c.req.header('Origin');
    if (origin !== undefined && origin !== new URL(c.req.url).origin)
      return c.text('cross-origin request refused', 403);
    const form = await c.req.parseBody();
    const token = typeof form.csrf === 'string' ? form.csrf : '';
    if (!sameToken(token, viewer.csrf)) return c.text('CSRF token missing or wrong: reload the page', 403);
    const action = typeof form.action === 'string' ? form.action : '';
    const role = WRITE_ACTIONS[action];
    if (!role) return c.text(`unknown action '${action}'`, 400);
    if (!viewer.roles.has(role)) return c.text(`${action} needs the ${role} role`, 403);
    if (role === 'approver' && o.approvers.length > 0 && !o.approvers.includes(viewer.user))
      return c.text(`${viewer.user} is not in exceptions.approvers`, 403);
    const fields = Object.fromEntries(
      Object.entries(form).filter(([k, v]) => k !== 'csrf' && typeof v === 'string' && v !== ''),
    ) as Record<string, unknown>;
    if (typeof fields.proposal === 'string') fields.proposal = Number(fields.proposal);
    const parsed = TriageActionSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return c.text(`${issue.path.join('.') || 'form'}: ${issue.message}`, 400);
    }
    try {
      await appendTriage(o.store.records, viewer.user, parsed.data, now());
    } catch (e) {
      if (e instanceof TriageRefused) return c.text(e.message, 409);
      throw e;
    }
    const run = o.model.latest();
    return c.redirect(`/finding${queryString({ run: run?.runId, key: parsed.data.finding })}`, 303);
  });

  return app;
}

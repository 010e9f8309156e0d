import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { serve } from '@hono/node-server';
import { checkRegistry } from '../../checks/index.js';
import { controlCatalog } from '../../checks/controls/catalog.js';
import { loadConfig, type Env } from '../config/load-config.js';
import { ConfigError, UsageError } from '../errors.js';
import { ConsoleConfigSchema, type ConsoleConfig } from '../model/config/console-config.js';
import { consoleApp } from '../console/console-app.js';
import { consoleIdentity } from '../console/console-auth.js';
import { OidcSignIn } from '../console/oidc-sign-in.js';
import { ConsoleReadModel } from '../console/read-model.js';
import type { SecretResolver } from '../model/config/secret-ref.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { openRunStore, openStoreFlag } from './open-store.js';
import type { Output } from './output.js';
import { createLogger } from '../logging/create-logger.js';

export interface ServeArgs {
  store?: string;
  config?: string;
  port?: string;
  /** The local user's name in triage records (loopback only); default the OS user. */
  by?: string;
}

export interface RunningConsole {
  url: string;
  /** With OIDC: the redirect URI to register at the provider. */
  redirectUrl?: string;
  close(): Promise<void>;
}

/**
 * Starts the console; resolves once it listens. The session key is new at each start (sessions end with it).
 * `resolveSecret` reads `console.auth.oidc.clientSecret` when OIDC is configured.
 */
export async function startConsole(
  store: EvidenceStore,
  config: ConsoleConfig,
  approvers: readonly string[],
  localUser: string,
  resolveSecret?: SecretResolver,
): Promise<RunningConsole> {
  const identify = consoleIdentity(config, localUser);
  const oidc = config.auth?.oidc;
  let listening = '';
  // Without redirectUrl or publicUrl the console is on loopback (the schema says so): its own address.
  const redirectUrl = () => oidc?.redirectUrl ?? new URL('/auth/callback', config.publicUrl ?? listening).href;
  const signIn =
    oidc &&
    new OidcSignIn({
      config,
      clientSecret: (resolveSecret ?? missingResolver)(oidc.clientSecret, 'console.auth.oidc.clientSecret'),
      redirectUrl,
    });
  const checks = [...checkRegistry().values()].map((c) => ({ id: c.id, controls: c.controls }));
  const model = new ConsoleReadModel(store, controlCatalog, checks);
  await model.refresh();
  const app = consoleApp({
    model,
    store,
    secret: randomBytes(32),
    identify,
    approvers,
    exportAvailable: true,
    ...(signIn ? { oidc: signIn } : {}),
    secureCookies: (config.publicUrl ?? oidc?.redirectUrl ?? '').startsWith('https://'),
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      listening = `http://${host}:${info.port}/`;
      resolve({
        url: listening,
        ...(signIn ? { redirectUrl: redirectUrl() } : {}),
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}

const missingResolver: SecretResolver = (_ref, keyPath) => {
  throw new ConfigError(`${keyPath}: a secret reference needs a config file (assay serve --config)`);
};

export async function serveCommand(args: ServeArgs, env: Env, out: Output): Promise<number> {
  const config = args.config ? await loadConfig(args.config, env) : undefined;
  const section = config?.console ?? ConsoleConfigSchema.parse({});
  if (args.port !== undefined) {
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port: expected a port number (0-65535), got '${args.port}'`);
    section.port = port;
  }
  const opened =
    config && !args.store
      ? openRunStore(config, createLogger({ level: 'warn', pretty: false }), undefined)
      : openStoreFlag(args.store ?? './evidence');
  const running = await startConsole(
    opened.store,
    section,
    config?.exceptions?.approvers ?? [],
    args.by ?? userInfo().username,
    config?.resolveSecret,
  );
  out.print(`assay console on ${running.url} (store ${opened.location}); Ctrl-C stops it`);
  if (running.redirectUrl)
    out.print(
      `sign-in with ${section.auth?.oidc?.issuer ?? ''}; redirect URI registered there: ${running.redirectUrl}`,
    );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  opened.close();
  return 0;
}

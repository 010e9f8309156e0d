import { ConfigError } from '../errors.js';
import { CONSOLE_ROLES, isLoopbackHost, type ConsoleConfig } from '../model/config/console-config.js';
import type { Identity } from './console-app.js';

export const isLoopback = isLoopbackHost;

/**
 * The roles of a signed-in user: viewer, plus each role whose `console.auth.roles` list names their email, plus each
 * role mapped from a group they hold (OIDC `groups`; `groups` are the claim's values).
 */
export function rolesOf(config: ConsoleConfig, email: string, groups: readonly string[] = []): Set<string> {
  const byEmail = config.auth?.roles ?? {};
  const byGroup = config.auth?.oidc?.groups?.roles ?? {};
  const granted = new Set<string>(['viewer']);
  for (const role of CONSOLE_ROLES) {
    if (byEmail[role]?.some((e) => e.toLowerCase() === email)) granted.add(role);
    if (byGroup[role]?.some((g) => groups.includes(g))) granted.add(role);
  }
  return granted;
}

/**
 * Who sends a request. Bound to loopback without auth configured: the local user, with every role. With a trusted
 * proxy header, the header names the user and `rolesOf` gives the roles. With OIDC nobody is known from headers
 * alone: the signed session says who (see oidc-sign-in.ts), so this answers undefined. Beyond loopback without
 * either the console refuses to start: it would serve the store to anyone who can reach it.
 */
export function consoleIdentity(config: ConsoleConfig, localUser: string): (headers: Headers) => Identity | undefined {
  if (config.auth?.oidc) return () => undefined;
  const header = config.auth?.proxyHeader;
  if (!header) {
    if (!isLoopback(config.host))
      throw new ConfigError(
        `console.host: ${config.host} is beyond loopback, so console.auth needs a way to sign people in: oidc (an OpenID Connect provider such as Google Workspace) or proxyHeader (a trusted reverse proxy)`,
      );
    const admin: Identity = { user: localUser, roles: new Set(CONSOLE_ROLES) };
    return () => admin;
  }
  return (headers) => {
    const user = headers.get(header)?.trim().toLowerCase();
    if (!user) return undefined;
    return { user, roles: rolesOf(config, user) };
  };
}

import { ConfigError } from '../errors.js';
import { CONSOLE_ROLES, type ConsoleConfig } from '../model/config/console-config.js';
import type { Identity } from './console-app.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const isLoopback = (host: string): boolean => LOOPBACK.has(host);

/**
 * Who sends a request. Bound to loopback without auth configured: the local user, with every role. Otherwise the
 * trusted proxy's header names the user, and roles come from `console.auth.roles` (everyone signed in is a viewer).
 * Beyond loopback without auth the console refuses to start: it would serve the store to anyone who can reach it.
 */
export function consoleIdentity(config: ConsoleConfig, localUser: string): (headers: Headers) => Identity | undefined {
  const header = config.auth?.proxyHeader;
  if (!header) {
    if (!isLoopback(config.host))
      throw new ConfigError(
        `console.host: ${config.host} is beyond loopback, so console.auth.proxyHeader is required (a trusted reverse proxy that signs people in)`,
      );
    const admin: Identity = { user: localUser, roles: new Set(CONSOLE_ROLES) };
    return () => admin;
  }
  const roles = config.auth?.roles ?? {};
  return (headers) => {
    const user = headers.get(header)?.trim().toLowerCase();
    if (!user) return undefined;
    const granted = new Set<string>(['viewer']);
    for (const role of CONSOLE_ROLES) if (roles[role]?.some((e) => e.toLowerCase() === user)) granted.add(role);
    return { user, roles: granted };
  };
}

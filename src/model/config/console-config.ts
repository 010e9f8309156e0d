import { z } from 'zod';
import { SecretRefSchema } from './secret-ref.js';

export const CONSOLE_ROLES = ['viewer', 'triager', 'approver', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Whether a host name or address (as `console.host` or a URL's host, IPv6 in brackets or not) is loopback. */
export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOSTS.has(host.replace(/^\[(.*)\]$/, '$1'));

/** Whether a URL is served on this machine only. */
export const isLoopbackUrl = (url: string): boolean => isLoopbackHost(new URL(url).hostname);

/** https, or http on loopback only (a test provider): anything else would carry codes and tokens in clear. */
const secureUrl = (what: string) =>
  z
    .url()
    .refine(
      (u) => u.startsWith('https://') || (u.startsWith('http://') && isLoopbackUrl(u)),
      `expected an https URL (http only on loopback) for the ${what}`,
    );

const OidcConfigSchema = z
  .object({
    /** The provider's issuer, e.g. `https://accounts.google.com`; its discovery document is read at first sign-in. */
    issuer: secureUrl('issuer'),
    clientId: z.string().min(1),
    clientSecret: SecretRefSchema,
    /** Where the provider sends people back; default `<console.publicUrl>/auth/callback`. */
    redirectUrl: secureUrl('redirect URL').optional(),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'expected a scope name'))
      .default(['openid', 'email', 'profile']),
    /** Email domains allowed in (e.g. the Workspace domain); empty: only people named in a role list or group. */
    allowedDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain name')).default([]),
    /** Roles from a claim of the ID token listing groups (Google's carries none: use `console.auth.roles` there). */
    groups: z
      .object({
        claim: z.string().min(1).default('groups'),
        roles: z.partialRecord(z.enum(CONSOLE_ROLES), z.array(z.string().min(1))),
      })
      .strict()
      .optional(),
  })
  .strict();
export type OidcConfig = z.infer<typeof OidcConfigSchema>;

/** `assay serve`: where it listens and, beyond loopback, who may sign in and with which roles. */
export const ConsoleConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** The address people open (e.g. `https://assay.example.com`): the OIDC redirect, and `Secure` cookies if https. */
    publicUrl: secureUrl('public URL').optional(),
    auth: z
      .object({
        /**
         * A header set by a trusted reverse proxy (e.g. `X-Forwarded-Email`) naming the signed-in user. Only enable
         * it when nothing but the proxy can reach the console: anyone else could send the header.
         */
        proxyHeader: z
          .string()
          .regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name')
          .optional(),
        /** Sign-in with an OpenID Connect provider (Google Workspace or any other). */
        oidc: OidcConfigSchema.optional(),
        /** Roles by user email; a signed-in user in no list is a viewer. */
        roles: z.partialRecord(z.enum(CONSOLE_ROLES), z.array(z.email())).default({}),
      })
      .strict()
      .refine((a) => !(a.proxyHeader && a.oidc), {
        error: 'set either proxyHeader (a trusted reverse proxy) or oidc (sign-in with a provider), not both',
        path: ['oidc'],
      })
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.auth?.oidc && !c.auth.oidc.redirectUrl && !c.publicUrl && !isLoopbackHost(c.host))
      ctx.addIssue({
        code: 'custom',
        path: ['publicUrl'],
        message: `console.host ${c.host} is beyond loopback: set publicUrl (the address people open) or auth.oidc.redirectUrl, to send people back after sign-in`,
      });
  });
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;

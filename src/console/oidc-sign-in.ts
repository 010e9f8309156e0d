import * as client from 'openid-client';
import { AssayError } from '../errors.js';
import { isLoopbackUrl, type ConsoleConfig, type OidcConfig } from '../model/config/console-config.js';
import { rolesOf } from './console-auth.js';
import { seal, unseal } from './session.js';

export const FLOW_COOKIE = 'assay_oidc';
/** Time from "Sign in" to the provider sending the browser back. */
export const FLOW_TTL_MS = 10 * 60_000;

/** The console refused a sign-in; `status` 400 for a broken or stale flow, 403 for a person not let in, 502 for the provider. */
export class SignInRefused extends AssayError {
  constructor(
    message: string,
    readonly status: 400 | 403 | 502,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  exp: number;
}

export interface OidcSignInOptions {
  config: ConsoleConfig;
  /** `console.auth.oidc.clientSecret`, resolved: kept in this object only, never shown or logged. */
  clientSecret: string;
  /** The callback URL registered at the provider (known once the console listens when derived from its address). */
  redirectUrl: () => string;
}

/** A page path to come back to after sign-in; anything else (another origin, `//host`) is the overview. */
export const safeNext = (next: string | undefined): string => (next && /^\/(?![/\\])/.test(next) ? next : '/');

/**
 * Sign-in with an OpenID Connect provider: authorization code with PKCE, state and nonce, the three kept in a
 * short-lived signed cookie; the ID token's verified email names the user. The discovery document is read at the
 * first sign-in (and again after a failure), so the console starts while the provider is unreachable.
 */
export class OidcSignIn {
  readonly #o: OidcSignInOptions;
  readonly #oidc: OidcConfig;
  #discovered: Promise<client.Configuration> | undefined;

  constructor(o: OidcSignInOptions) {
    const oidc = o.config.auth?.oidc;
    if (!oidc) throw new TypeError('OidcSignIn needs console.auth.oidc');
    this.#o = o;
    this.#oidc = oidc;
  }

  /** The provider's host, to name it on the sign-in page. */
  get providerName(): string {
    return new URL(this.#oidc.issuer).host;
  }

  #configuration(): Promise<client.Configuration> {
    const issuer = new URL(this.#oidc.issuer);
    // openid-client refuses http; the schema allows it for a loopback issuer only (a provider under test).
    const loopbackHttp = issuer.protocol === 'http:' && isLoopbackUrl(issuer.href);
    if (issuer.protocol !== 'https:' && !loopbackHttp)
      return Promise.reject(new SignInRefused(`the issuer ${issuer.href} is not https`, 502));
    this.#discovered ??= client
      .discovery(issuer, this.#oidc.clientId, this.#o.clientSecret, undefined, {
        // The ID token's signature is checked against the provider's JWKS too, not only trusted for arriving over TLS.
        execute: [
          client.enableNonRepudiationChecks,
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only to stand out: loopback only
          ...(loopbackHttp ? [client.allowInsecureRequests] : []),
        ],
        timeout: 10,
      })
      .catch((cause: unknown) => {
        this.#discovered = undefined;
        throw new SignInRefused(
          `cannot read the provider's discovery document at ${issuer.href}: ${(cause as Error).message}`,
          502,
          { cause },
        );
      });
    return this.#discovered;
  }

  /** The provider's authorization URL and the flow cookie's value. */
  async start(next: string | undefined, now: Date, secret: Uint8Array): Promise<{ url: string; cookie: string }> {
    const config = await this.#configuration();
    const flow: Flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      next: safeNext(next),
      exp: now.getTime() + FLOW_TTL_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.#o.redirectUrl(),
      response_type: 'code',
      scope: this.#oidc.scopes.join(' '),
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie: seal(secret, 'oidc-flow', flow) };
  }

  /** Checks the provider's answer against the flow cookie; who signed in and with which roles, or SignInRefused. */
  async finish(
    search: string,
    flowCookie: string | undefined,
    now: Date,
    secret: Uint8Array,
  ): Promise<{ user: string; roles: Set<string>; next: string }> {
    const flow = unseal(secret, 'oidc-flow', flowCookie) as Partial<Flow> | undefined;
    if (!flow?.state || !flow.nonce || !flow.verifier || typeof flow.exp !== 'number' || flow.exp <= now.getTime())
      throw new SignInRefused('this sign-in expired or was started in another browser: sign in again', 400);
    const config = await this.#configuration();
    // The URL the provider redirected to, as registered (the request's own URL may be a proxy's internal one).
    const current = new URL(this.#o.redirectUrl());
    current.search = search;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (cause) {
      // openid-client names the kind of failure; the check that failed is in its cause.
      const inner = (cause as Error).cause;
      const detail =
        cause instanceof client.AuthorizationResponseError || cause instanceof client.ResponseBodyError
          ? `${cause.error}${cause.error_description ? `: ${cause.error_description}` : ''}`
          : `${(cause as Error).message}${inner instanceof Error ? `: ${inner.message}` : ''}`;
      throw new SignInRefused(`the provider's answer was refused (${detail})`, 400, { cause });
    }
    const claims = tokens.claims();
    const email = typeof claims?.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!claims || !email) throw new SignInRefused('the ID token carries no email: request the email scope', 403);
    // https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims: an unverified address names nobody.
    if (claims.email_verified !== undefined && claims.email_verified !== true)
      throw new SignInRefused(`${email} is not verified at the provider`, 403);
    const domain = email.slice(email.lastIndexOf('@') + 1);
    const allowed = this.#oidc.allowedDomains.map((d) => d.toLowerCase());
    if (allowed.length > 0 && !allowed.includes(domain))
      throw new SignInRefused(`${email}: the domain ${domain} is not among console.auth.oidc.allowedDomains`, 403);
    const claim = this.#oidc.groups ? claims[this.#oidc.groups.claim] : undefined;
    const groups = Array.isArray(claim) ? claim.filter((g): g is string => typeof g === 'string') : [];
    if (allowed.length === 0 && !this.#named(email, groups))
      throw new SignInRefused(
        `${email} is in no role list or mapped group (without allowedDomains only they may sign in)`,
        403,
      );
    return { user: email, roles: rolesOf(this.#o.config, email, groups), next: safeNext(flow.next) };
  }

  #named(email: string, groups: readonly string[]): boolean {
    const lists = Object.values(this.#o.config.auth?.roles ?? {});
    const mapped = Object.values(this.#oidc.groups?.roles ?? {});
    return (
      lists.some((l) => l.some((e) => e.toLowerCase() === email)) ||
      mapped.some((l) => l.some((g) => groups.includes(g)))
    );
  }
}

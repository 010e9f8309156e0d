import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type JWK } from 'oidc-provider';

export interface TestAccount {
  email: string;
  /** Default true. */
  emailVerified?: boolean;
  groups?: string[];
}

export interface TestProviderOptions {
  /** Accounts by id; the login step signs in the one named by the request's `X-Test-User` header. */
  accounts: Record<string, TestAccount>;
  clientId: string;
  clientSecret: string;
  /** Read at the first request, so the console may start (and learn its port) after the provider. */
  redirectUris: () => string[];
}

export interface TestProvider {
  issuer: string;
  /** Every path requested, in order (the console's discovery, JWKS and token calls among them). */
  paths: string[];
  close(): Promise<void>;
}

/** The header a test sets to choose who signs in at the provider (standing in for a password form). */
export const TEST_USER_HEADER = 'x-test-user';

/**
 * A real OpenID Connect provider (panva's oidc-provider) on loopback: discovery, JWKS, authorize with PKCE, token.
 * Its login step takes the account from a header and consent is implied, as for a first-party client; the ID token
 * carries email, email_verified and groups, as Google's carries email.
 */
export async function startTestProvider(o: TestProviderOptions): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' } as JWK;
  let provider: Provider | undefined;
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(new URL(req.url ?? '/', 'http://x').pathname);
    provider ??= create();
    void handle(provider, req, res).catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const create = (): Provider =>
    new Provider(issuer, {
      clients: [
        {
          client_id: o.clientId,
          client_secret: o.clientSecret,
          redirect_uris: o.redirectUris(),
          token_endpoint_auth_method: 'client_secret_post',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
      scopes: ['openid', 'email', 'groups'],
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, id) => {
        const account = o.accounts[id];
        if (!account) return undefined;
        return {
          accountId: id,
          claims: () => ({
            sub: id,
            email: account.email,
            email_verified: account.emailVerified ?? true,
            groups: account.groups ?? [],
          }),
        };
      },
      loadExistingGrant: async (ctx) => {
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client!.clientId,
          accountId: ctx.oidc.session!.accountId!,
        });
        grant.addOIDCScope('openid email groups');
        await grant.save();
        return grant;
      },
    });

  return {
    issuer,
    paths,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function handle(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
  await provider.interactionDetails(req, res);
  const who = req.headers[TEST_USER_HEADER];
  if (typeof who !== 'string' || !who) {
    res.statusCode = 400;
    res.end('no test user');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: who } }, { mergeWithLastSubmission: false });
}

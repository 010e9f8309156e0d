import type { IncomingHttpHeaders } from 'node:http';
import { userOfToken, type GithubState, type SimGithubUser } from './github-state.js';

/** Who a request comes from. GitHub serves public data without a token but rejects an unknown one. */
export type GithubViewer =
  { kind: 'anonymous' } | { kind: 'bad-credentials' } | { kind: 'user'; user: SimGithubUser; token: string };

/** `Authorization: token X` or `Bearer X`. https://docs.github.com/rest/authentication/authenticating-to-the-rest-api */
export function githubViewer(state: GithubState, headers: IncomingHttpHeaders): GithubViewer {
  const header = headers.authorization;
  if (header === undefined || header === '') return { kind: 'anonymous' };
  const token = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header)?.[1];
  const user = token === undefined ? undefined : userOfToken(state, token);
  return user && token ? { kind: 'user', user, token } : { kind: 'bad-credentials' };
}

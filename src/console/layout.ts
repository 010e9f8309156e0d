import { esc } from '../reports/html-escape.js';

export interface Viewer {
  user: string;
  roles: ReadonlySet<string>;
  csrf: string;
  /** Signed in through OpenID Connect: the header offers to sign out (a POST with the CSRF token). */
  signedIn?: boolean;
}

const NAV = [
  ['/', 'Overview'],
  ['/findings', 'Findings'],
  ['/controls', 'Controls'],
  ['/people', 'People'],
] as const;

/** The page shell: every interpolated value in `body` was escaped by its author; here only title and user. */
export const layout = (title: string, viewer: Viewer, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${esc(viewer.csrf)}">
<title>${esc(title)} · assay</title><link rel="stylesheet" href="/assets/console.css"></head>
<body><header><strong>assay</strong><nav aria-label="Main">${NAV.map(([href, label]) => `<a href="${href}">${label}</a>`).join('')}</nav>
<span class="who">${esc(viewer.user)} · ${esc([...viewer.roles].join(', '))}</span>${viewer.signedIn ? `<form class="sign-out" method="post" action="/auth/logout">${csrfField(viewer)}<button type="submit">Sign out</button></form>` : ''}</header>
<main><h1>${esc(title)}</h1>${body}</main><script src="/assets/console.js"></script></body></html>`;

export const table = (head: readonly string[], rows: readonly string[]): string =>
  `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;

export const statusCell = (status: string): string => `<td class="${esc(status)}">${esc(status)}</td>`;

/** A query string from the non-empty values, escaped for an attribute. */
export const queryString = (params: Record<string, string | number | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const csrfField = (v: Viewer): string => `<input type="hidden" name="csrf" value="${esc(v.csrf)}">`;

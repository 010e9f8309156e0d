import type { GithubRepoSecurity, GithubSecretAlert } from '../../src/model/datasets/github.js';
import { guardedPages } from './github-pages.js';
import type { GithubClient } from './github-client.js';
import { GENERIC_SECRET_TYPES } from './github-secret-types.js';

const FEATURES = [
  'advanced_security',
  'code_security',
  'secret_scanning',
  'secret_scanning_push_protection',
  'secret_scanning_non_provider_patterns',
  'secret_scanning_ai_detection',
] as const;

type RestRepo = {
  name: string;
  archived?: boolean;
  private: boolean;
  visibility?: string;
  security_and_analysis?: Record<string, { status?: string } | undefined> | null;
};

function trimRepo(r: RestRepo): GithubRepoSecurity {
  const sa = r.security_and_analysis;
  const settings = sa
    ? Object.fromEntries(FEATURES.flatMap((f) => (sa[f]?.status ? [[f, { status: sa[f].status }]] : [])))
    : undefined;
  return {
    name: r.name,
    archived: r.archived ?? false,
    private: r.private,
    ...(r.visibility ? { visibility: r.visibility } : {}),
    // Absent (not shown to this token) stays absent: unknown, not disabled.
    ...(settings ? { security_and_analysis: settings } : {}),
  };
}

/**
 * Security and analysis settings of every repository from the organization listing, 100 a page.
 * https://docs.github.com/en/rest/repos/repos#list-organization-repositories
 */
export async function fetchRepoSecurity(gh: GithubClient, org: string): Promise<GithubRepoSecurity[]> {
  return gh.paginate(
    'GET /orgs/{org}/repos',
    { org, type: 'all', per_page: 100 },
    guardedPages('GET /orgs/{org}/repos', (r) => trimRepo(r as unknown as RestRepo)),
  );
}

type RestAlert = {
  number: number;
  secret_type?: string;
  secret_type_display_name?: string | null;
  validity?: string | null;
  repository?: { full_name?: string };
  created_at: string;
  html_url: string;
  publicly_leaked?: boolean | null;
};

/** Keeps only what the checks use; whatever else GitHub sends (the secret itself on servers that ignore `hide_secret`) is dropped here. */
const trimAlert = (a: RestAlert): GithubSecretAlert => ({
  number: a.number,
  secret_type: a.secret_type ?? 'unknown',
  secret_type_display_name: a.secret_type_display_name ?? null,
  validity: a.validity ?? null,
  repository: a.repository?.full_name ?? 'unknown',
  created_at: a.created_at,
  html_url: a.html_url,
  publicly_leaked: a.publicly_leaked ?? null,
});

/**
 * Open secret-scanning alerts across the organization, 100 a page with cursor paging (`after`, from the Link
 * header). Without `secret_type` GitHub lists provider patterns only, so a second listing names every generic type
 * (private keys, connection strings, HTTP authorization headers, Copilot-found passwords); an alert both return is
 * kept once. `hide_secret=true` keeps the secret out of the response altogether.
 * https://docs.github.com/en/rest/secret-scanning/secret-scanning#list-secret-scanning-alerts-for-an-organization
 */
export async function fetchOpenSecretAlerts(gh: GithubClient, org: string): Promise<GithubSecretAlert[]> {
  const list = (secretType?: string) =>
    gh.paginate(
      'GET /orgs/{org}/secret-scanning/alerts',
      {
        org,
        state: 'open',
        hide_secret: true,
        per_page: 100,
        after: '',
        ...(secretType ? { secret_type: secretType } : {}),
      },
      guardedPages('GET /orgs/{org}/secret-scanning/alerts', (a) => trimAlert(a as unknown as RestAlert)),
    );
  const providers = await list();
  const generic = await list(GENERIC_SECRET_TYPES.join(','));
  return [...new Map([...providers, ...generic].map((a) => [a.html_url, a])).values()];
}

/** GitHub's answer when no repository of the organization has secret scanning (the feature is not on its plan). */
export const secretScanningUnavailable = (err: unknown): string | undefined => {
  const e = err as { status?: number; message?: string };
  return e.status === 404 && /secret scanning|advanced security/i.test(e.message ?? '')
    ? `secret scanning is not enabled on any repository of the organization (GitHub: ${e.message!.replace(/\s*-\s*https?:\S+$/, '')})`
    : undefined;
};

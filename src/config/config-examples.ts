/** An example for the keys people get wrong most, shown under a config error. Keys are paths with `*` for list items. */
export const CONFIG_EXAMPLES: Record<string, string> = {
  version: 'version: 1',
  evidence: 'evidence: { store: local, path: ./evidence }',
  'evidence.path': 'path: ./evidence',
  'run.concurrency': 'concurrency: 4',
  'run.collectorTimeoutSeconds': 'collectorTimeoutSeconds: 600',
  'log.level': 'level: info',
  sources: 'sources:\n  github:\n    auth: { token: { env: GITHUB_TOKEN } }\n    orgs: [acme]',
  'sources.github': 'github:\n  auth: { token: { env: GITHUB_TOKEN } }\n  orgs: [acme]',
  'sources.github.auth': 'auth: { token: { env: GITHUB_TOKEN } }',
  'sources.github.auth.token': 'token: { env: GITHUB_TOKEN }',
  'sources.github.auth.token.env': 'token: { env: GITHUB_TOKEN }',
  'sources.github.orgs': 'orgs: [acme, acme-research]',
  'sources.github.baseUrl': 'baseUrl: https://api.github.com',
};

export const exampleFor = (path: readonly PropertyKey[]): string | undefined => {
  const generic = path.map((p) => (typeof p === 'number' ? '*' : String(p)));
  for (let n = generic.length; n > 0; n--) {
    const hit = CONFIG_EXAMPLES[generic.slice(0, n).join('.')];
    if (hit) return hit;
  }
  return undefined;
};

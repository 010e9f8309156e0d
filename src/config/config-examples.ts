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
  'sources.github.auth':
    'auth: { token: { env: GITHUB_TOKEN } }\n# or a GitHub App:\nauth:\n  app: { appId: 123456, privateKey: { env: GITHUB_APP_PRIVATE_KEY } }',
  'sources.github.auth.app':
    'app:\n  appId: 123456\n  privateKey: { env: GITHUB_APP_PRIVATE_KEY }\n  installationIds: { acme: 7654321 }   # optional: looked up per organization when absent',
  'sources.github.auth.app.appId': 'appId: 123456',
  'sources.github.auth.app.privateKey': 'privateKey: { env: GITHUB_APP_PRIVATE_KEY }',
  'sources.github.auth.app.installationIds': 'installationIds: { acme: 7654321 }',
  'sources.github.auth.token': 'token: { env: GITHUB_TOKEN }',
  'sources.github.auth.token.env': 'token: { env: GITHUB_TOKEN }',
  'sources.github.orgs': 'orgs: [acme, acme-research]',
  'sources.github.baseUrl': 'baseUrl: https://api.github.com',
  'sources.aws': 'aws:\n  accounts: { mode: organization, roleName: AssayAudit }\n  regions: [us-east-1, eu-west-1]',
  'sources.aws.accounts':
    'accounts: { mode: organization, roleName: AssayAudit, exclude: ["111122223333"] }\n# or: { mode: default }  (the account of the current credentials)\n# or: { mode: list, roleName: AssayAudit, accounts: [{ id: "123456789012", name: prod }] }',
  'sources.aws.accounts.roleName': 'roleName: AssayAudit',
  'sources.aws.accounts.externalId': 'externalId: { env: ASSAY_AWS_EXTERNAL_ID }',
  'sources.aws.accounts.accounts': 'accounts: [{ id: "123456789012", name: prod }]',
  'sources.aws.accounts.accounts.*.id': 'id: "123456789012"',
  'sources.aws.accounts.exclude': 'exclude: ["111122223333"]',
  'sources.aws.regions': 'regions: [us-east-1, eu-west-1]',
  'sources.aws.accountConcurrency': 'accountConcurrency: 4',
  'sources.aws.credentials':
    'credentials: { accessKeyId: { env: AWS_ACCESS_KEY_ID }, secretAccessKey: { env: AWS_SECRET_ACCESS_KEY } }',
  'sources.aws.endpoint': 'endpoint: http://127.0.0.1:4566',
  'sources.aws.requestTimeoutSeconds': 'requestTimeoutSeconds: 30',
  'sources.aws.maxAttempts': 'maxAttempts: 5',
  'sources.aws.cloudtrail': 'cloudtrail: { lookbackHours: 24, breakGlassRoles: [BreakGlass] }',
  'sources.aws.cloudtrail.lookbackHours': 'lookbackHours: 24   # 1 to 2160 (90 days)',
  'sources.aws.cloudtrail.breakGlassRoles':
    'breakGlassRoles: [BreakGlass, emergency/BreakGlassAdmin, "arn:aws:iam::123456789012:role/ops/Recovery"]   # names (with path) or role ARNs',
  'sources.google':
    'google:\n  domain: example.com\n  auth:\n    subject: admin@example.com\n    serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }',
  'sources.google.auth':
    'auth:\n  subject: admin@example.com\n  serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }\n# or, keyless (workload identity federation):\n#   applicationDefault: { credentialsFile: /etc/assay/wif.json, serviceAccount: assay@project.iam.gserviceaccount.com }',
  'sources.google.auth.subject': 'subject: admin@example.com',
  'sources.google.auth.serviceAccountKey': 'serviceAccountKey: { env: GOOGLE_SERVICE_ACCOUNT_KEY }',
  'sources.google.auth.applicationDefault':
    'applicationDefault: { credentialsFile: /etc/assay/wif.json, serviceAccount: assay@project.iam.gserviceaccount.com }',
  'sources.google.customer': 'customer: my_customer',
  'sources.google.domain': 'domain: example.com',
  'sources.google.executives':
    'people:\n  executives:\n    groups: [exec@example.com]\n    emails: [ceo@example.com]\n    orgUnits: [/Leadership]',
  'people.executives':
    'executives:\n  groups: [exec@example.com]\n  emails: [ceo@example.com]\n  orgUnits: [/Leadership]',
  'people.executives.groups': 'groups: [exec@example.com]',
  'people.executives.emails': 'emails: [ceo@example.com, cto@example.com]',
  'people.executives.orgUnits': 'orgUnits: [/Leadership]',
  'people.serviceAccounts':
    'serviceAccounts:\n  - { system: github, name: deploy-bot, owner: platform@example.com }\n  - { tag: assay:service=true, owner: platform@example.com }',
  'people.accounts':
    'accounts:\n  - { email: dana@example.com, github: dana-codes, iamUser: arn:aws:iam::111122223333:user/dana }',
  'sources.google.breakGlassAccounts': 'breakGlassAccounts: [breakglass-1@example.com]',
  'sources.google.lookbackDays': 'lookbackDays: 180',
  'sources.google.tokenInventory': 'tokenInventory: { enabled: true, concurrency: 4, requestsPerMinute: 1200 }',
  'sources.google.adminEventsLookbackDays': 'adminEventsLookbackDays: 180',
  'sources.google.rootUrl': 'rootUrl: http://127.0.0.1:8080/',
  'sources.google.tokenUrl': 'tokenUrl: http://127.0.0.1:8080/token',
  'sources.google.requestTimeoutSeconds': 'requestTimeoutSeconds: 30',
  'sources.google.retries': 'retries: 5',
};

export const exampleFor = (path: readonly PropertyKey[]): string | undefined => {
  const generic = path.map((p) => (typeof p === 'number' ? '*' : String(p)));
  for (let n = generic.length; n > 0; n--) {
    const hit = CONFIG_EXAMPLES[generic.slice(0, n).join('.')];
    if (hit) return hit;
  }
  return undefined;
};

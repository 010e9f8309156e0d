import type { SimulatedOrganization } from './organization.js';
import { AwsSimError, errorResponse } from './aws/aws-protocol.js';
import { iamCall, iamUser } from './aws/cloudtrail-events.js';
import { Random } from './random.js';

/**
 * Fake but secret-shaped values a vendor could hand assay. Built from parts at run time, so no key-shaped literal
 * sits in the repository for a scanner to flag; each carries CANARY so a human reading one knows it is fake.
 */
export interface SecretCanaries {
  awsAccessKeyId: string;
  awsSecretAccessKey: string;
  githubToken: string;
  privateKey: string;
  password: string;
}

export function secretCanaries(seed: number | string = 'canary'): SecretCanaries {
  const rng = new Random(`secret-plants/${seed}`);
  const upper = (n: number) => rng.hex(n).toUpperCase();
  const pemLine = () => Buffer.from(rng.hex(48), 'hex').toString('base64');
  const armor = (word: string) => ['-----', word, ' RSA PRIVATE', ' KEY-----'].join('');
  return {
    awsAccessKeyId: ['AK', 'IA', 'CANARY', upper(10)].join(''),
    awsSecretAccessKey: ['Canary', rng.hex(29), '/Fake'].join(''),
    githubToken: ['gh', 'p_', 'CANARY', rng.hex(30)].join(''),
    privateKey: [armor('BEGIN'), pemLine(), pemLine(), pemLine(), armor('END')].join('\n'),
    password: ['canary-', 'P@ss', 'w0rd-', rng.hex(16)].join(''),
  };
}

/** Every canary as the strings a scan looks for: a PEM block also by each of its body lines. */
export const canaryStrings = (c: SecretCanaries): string[] => [
  c.awsAccessKeyId,
  c.awsSecretAccessKey,
  c.githubToken,
  c.password,
  c.privateKey,
  ...c.privateKey.split('\n').filter((l) => !l.startsWith('-----')),
];

/**
 * Plants the canaries, live, wherever a vendor could return one: secret-scanning alerts' `secret` (served without
 * `hide_secret`), a GitHub error body and header and a Workspace error body echoing them (once each), an inline IAM
 * policy's Condition, CloudTrail request parameters (a password, a policy document holding a key), and a Workspace
 * custom schema field (served only with projection=full or custom). Returns where each went, for the report.
 */
export function plantSecrets(sim: SimulatedOrganization, c: SecretCanaries): string[] {
  const where: string[] = [];
  const firstOrg = sim.github.orgs[0]!.login;
  const code = sim.github.state.code[firstOrg]!;
  const template = code.alerts.find((a) => a.state === 'open');
  if (template) {
    for (const secret of [c.githubToken, c.privateKey, `${c.awsAccessKeyId}:${c.awsSecretAccessKey}`])
      code.alerts.push({ ...template, number: Math.max(...code.alerts.map((a) => a.number)) + 1, secret });
    where.push(`github: 3 secret-scanning alerts of ${firstOrg}`);
  }
  sim.github.server.faults.inject(
    'GET /orgs/{org}/outside_collaborators',
    {
      kind: 'status',
      status: 403,
      body: {
        // The token assay was configured with, echoed back: opaque, so only the run's own mask can hide it.
        message: `Resource not accessible by personal access token ${c.githubToken}; request made with ${sim.github.token}`,
        documentation_url: 'https://docs.github.com/rest',
        token: c.githubToken,
      },
      headers: { 'x-echoed-token': c.githubToken, 'x-echoed-auth': `token ${sim.github.token}` },
    },
    { times: 1 },
  );
  where.push('github: outside collaborators error body and headers (once)');
  sim.google.server.faults.inject(
    'directory.tokens.list',
    {
      kind: 'status',
      status: 403,
      body: { error: { code: 403, message: `Not Authorized: {"password":"${c.password}"}`, errors: [] } },
      headers: { 'x-echoed-password': c.password },
    },
    { times: 1 },
  );
  where.push('google: tokens.list error body and header (once)');
  const awsError = errorResponse(
    'query',
    new AwsSimError(
      'AccessDenied',
      `not authorized; request echoed: Password=${c.password} with key ${c.awsAccessKeyId}:${c.awsSecretAccessKey}`,
      403,
    ),
  );
  sim.aws.server.faults.inject(
    'iam:GetAccountPasswordPolicy',
    { kind: 'status', status: 403, ...(awsError.text ? { text: awsError.text } : {}), headers: awsError.headers },
    { times: 1 },
  );
  where.push('aws: GetAccountPasswordPolicy error message (once)');

  const account = sim.aws.state.accounts[0]!;
  const user = account.iam.users[0];
  if (user) {
    user.inlinePolicies.push({
      name: 'canary-deploy',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::canary-bucket/*',
            Condition: { StringEquals: { 'aws:RequestTag/deploy-key': `${c.awsAccessKeyId}:${c.awsSecretAccessKey}` } },
          },
        ],
      },
    });
    where.push(`aws: inline policy canary-deploy of ${account.id}/${user.name} (Condition)`);
  }
  const rng = new Random('secret-plants/cloudtrail');
  const time = new Date(Date.parse(sim.aws.state.now) - 2 * 3_600_000).toISOString();
  const who = iamUser(rng, account.id, user?.name ?? 'canary');
  const policyDocument = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::canary-bucket/*',
        Condition: { StringEquals: { 'aws:RequestTag/deploy-key': `${c.awsAccessKeyId} ${c.awsSecretAccessKey}` } },
      },
    ],
  });
  const events = [
    iamCall(rng, account.id, {
      name: 'CreateLoginProfile',
      who,
      time,
      params: { userName: 'canary', password: c.password },
    }),
    iamCall(rng, account.id, {
      name: 'PutUserPolicy',
      who,
      time,
      params: { userName: 'canary', policyName: 'canary', policyDocument },
    }),
  ];
  const trail = account.cloudtrail.events;
  const at = trail.findIndex((e) => e.time < time);
  trail.splice(at === -1 ? trail.length : at, 0, ...events);
  where.push(
    `aws: CloudTrail CreateLoginProfile (password) and PutUserPolicy (key in policyDocument) in ${account.id}`,
  );

  const person = sim.google.state.users[0]!;
  person.customSchemas = { Onboarding: { initialPassword: c.password, vpnKey: c.privateKey } };
  where.push(`google: custom schema Onboarding of ${person.primaryEmail}`);
  return where;
}

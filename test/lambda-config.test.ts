import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { LambdaConfigLoader, parseSecretSources } from '../src/config/lambda-config.js';
import { ConfigError } from '../src/errors.js';

const sm = mockClient(SecretsManagerClient);
const ssm = mockClient(SSMClient);
// Built from parts: a secret-shaped literal never appears whole outside sim/.
const TOKEN = ['ghp', 'lambdaTestToken0123456789abcdefABCDEF'].join('_');
const SM_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:assay/github-AbCdEf';
const SSM_ARN = 'arn:aws:ssm:eu-west-1:111122223333:parameter/assay/google-key';
const CONFIG = `version: 1
log: { level: silent }
sources:
  github:
    auth: { token: { env: GITHUB_TOKEN } }
    orgs: [acme]
`;

afterEach(() => {
  sm.reset();
  ssm.reset();
});

describe('ASSAY_SECRETS', () => {
  it('maps environment names to Secrets Manager and SSM ARNs, with an optional JSON field', () => {
    expect(
      parseSecretSources(JSON.stringify({ GITHUB_TOKEN: SM_ARN, APP_KEY: `${SM_ARN}#privateKey`, GOOGLE: SSM_ARN })),
    ).toEqual([
      { name: 'GITHUB_TOKEN', arn: SM_ARN, service: 'secretsmanager', region: 'eu-west-1' },
      { name: 'APP_KEY', arn: SM_ARN, service: 'secretsmanager', region: 'eu-west-1', field: 'privateKey' },
      { name: 'GOOGLE', arn: SSM_ARN, service: 'ssm', region: 'eu-west-1' },
    ]);
  });

  it.each([
    ['not json', /not valid JSON/],
    ['["x"]', /expected a JSON object/],
    ['{"bad-name": "x"}', /'bad-name': expected an environment variable name/],
    ['{"TOKEN": "arn:aws:s3:::bucket"}', /TOKEN: expected a Secrets Manager or SSM parameter ARN/],
    [`{"TOKEN": "${SSM_ARN}#f"}`, /'#field' applies to Secrets Manager JSON secrets only/],
  ])('refuses %s, naming what is wrong', (text, message) => {
    expect(() => parseSecretSources(text)).toThrow(ConfigError);
    expect(() => parseSecretSources(text)).toThrow(message);
  });
});

describe('the Lambda config loader', () => {
  it('reads the inline config and its secrets once per TTL, resolving the config references to them', async () => {
    sm.on(GetSecretValueCommand, { SecretId: SM_ARN }).resolves({ SecretString: TOKEN });
    let t = 0;
    const loader = new LambdaConfigLoader({
      env: {
        ASSAY_CONFIG_TEXT: CONFIG,
        ASSAY_SECRETS: JSON.stringify({ GITHUB_TOKEN: SM_ARN }),
        ASSAY_SECRETS_TTL_SECONDS: '60',
      },
      now: () => t,
    });
    const config = await loader.load();
    expect(config.resolveSecret({ env: 'GITHUB_TOKEN' }, 'sources.github.auth.token')).toBe(TOKEN);
    expect(config.file).toBe('ASSAY_CONFIG_TEXT');
    expect(JSON.stringify(config)).not.toContain(TOKEN);
    t = 59_000;
    expect(await loader.load()).toBe(config);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    t = 60_000;
    sm.on(GetSecretValueCommand, { SecretId: SM_ARN }).resolves({ SecretString: `${TOKEN}rotated` });
    const fresh = await loader.load();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(fresh.resolveSecret({ env: 'GITHUB_TOKEN' }, 'k')).toBe(`${TOKEN}rotated`);
  });

  it('reads the config from an SSM parameter and a secret from Parameter Store, decrypted', async () => {
    ssm.on(GetParameterCommand, { Name: '/assay/config' }).resolves({ Parameter: { Value: CONFIG } });
    ssm.on(GetParameterCommand, { Name: SSM_ARN }).resolves({ Parameter: { Value: TOKEN } });
    const config = await new LambdaConfigLoader({
      env: {
        ASSAY_CONFIG_PARAMETER: '/assay/config',
        AWS_REGION: 'eu-west-1',
        ASSAY_SECRETS: JSON.stringify({ GITHUB_TOKEN: SSM_ARN }),
      },
    }).load();
    expect(config.file).toBe('ssm:/assay/config');
    expect(config.resolveSecret({ env: 'GITHUB_TOKEN' }, 'k')).toBe(TOKEN);
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.WithDecryption)).toEqual([true, true]);
  });

  it('takes one field of a JSON secret', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: TOKEN, other: 'x' }) });
    const config = await new LambdaConfigLoader({
      env: { ASSAY_CONFIG_TEXT: CONFIG, ASSAY_SECRETS: JSON.stringify({ GITHUB_TOKEN: `${SM_ARN}#token` }) },
    }).load();
    expect(config.resolveSecret({ env: 'GITHUB_TOKEN' }, 'k')).toBe(TOKEN);
  });

  it('names the secret and the refusal when a read fails, and never the value', async () => {
    const denied = Object.assign(
      new Error(`User is not authorized to perform secretsmanager:GetSecretValue on ${SM_ARN}`),
      {
        name: 'AccessDeniedException',
      },
    );
    sm.on(GetSecretValueCommand).rejectsOnce(denied);
    const env = { ASSAY_CONFIG_TEXT: CONFIG, ASSAY_SECRETS: JSON.stringify({ GITHUB_TOKEN: `${SM_ARN}#token` }) };
    await expect(new LambdaConfigLoader({ env }).load()).rejects.toThrow(
      `ASSAY_SECRETS: GITHUB_TOKEN: cannot read ${SM_ARN}: AccessDeniedException: User is not authorized`,
    );
    sm.on(GetSecretValueCommand).resolves({ SecretString: `not json ${TOKEN}` });
    const err = await new LambdaConfigLoader({ env }).load().then(
      () => new Error('loaded'),
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain("'#token' needs a JSON secret, and this one is not JSON");
    expect(err.message).not.toContain(TOKEN);
    sm.on(GetSecretValueCommand).resolves({});
    await expect(new LambdaConfigLoader({ env }).load()).rejects.toThrow(/it holds no value/);
  });

  it('refuses a bad TTL and a config parameter without a region', async () => {
    expect(() => new LambdaConfigLoader({ env: { ASSAY_SECRETS_TTL_SECONDS: 'soon' } })).toThrow(
      "ASSAY_SECRETS_TTL_SECONDS: expected a number of seconds, got 'soon'",
    );
    await expect(new LambdaConfigLoader({ env: { ASSAY_CONFIG_PARAMETER: '/assay/config' } }).load()).rejects.toThrow(
      'ASSAY_CONFIG_PARAMETER: /assay/config: no region (give an ARN or set AWS_REGION)',
    );
  });
});

describe('ASSAY_EVIDENCE', () => {
  it("replaces the config's evidence section with the deployment's bucket", async () => {
    const evidence = { store: 's3', bucket: 'assay-evidence-111122223333', prefix: 'assay/', kmsKeyId: 'alias/assay' };
    const config = await new LambdaConfigLoader({
      env: {
        ASSAY_CONFIG_TEXT: `${CONFIG}evidence: { path: ./elsewhere }\n`,
        ASSAY_EVIDENCE: JSON.stringify(evidence),
      },
    }).load();
    expect(config.evidence).toMatchObject(evidence);
  });

  it('refuses evidence settings that are not a JSON object, and leaves bad config text to the config parser', async () => {
    await expect(
      new LambdaConfigLoader({ env: { ASSAY_CONFIG_TEXT: CONFIG, ASSAY_EVIDENCE: 'bucket=x' } }).load(),
    ).rejects.toThrow('ASSAY_EVIDENCE: expected the evidence section as JSON');
    await expect(
      new LambdaConfigLoader({ env: { ASSAY_CONFIG_TEXT: CONFIG, ASSAY_EVIDENCE: '["s3"]' } }).load(),
    ).rejects.toThrow(/ASSAY_EVIDENCE: expected a JSON object/);
    await expect(
      new LambdaConfigLoader({ env: { ASSAY_CONFIG_TEXT: 'version: [1', ASSAY_EVIDENCE: '{}' } }).load(),
    ).rejects.toThrow(/ASSAY_CONFIG_TEXT: not valid YAML/);
  });
});

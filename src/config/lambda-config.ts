import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { loadConfig, parseConfig, processEnv, type Config, type Env } from './load-config.js';

/**
 * Where the Lambda handler finds its config, in this order: `ASSAY_CONFIG_TEXT` (the YAML or JSON itself),
 * `ASSAY_CONFIG_PARAMETER` (an SSM parameter name or ARN holding it), `ASSAY_CONFIG` (a file in the bundle or on a
 * mount; default `assay.yaml`). `ASSAY_SECRETS` maps the environment names the config's secret references use to
 * Secrets Manager or SSM Parameter Store ARNs (JSON: `{"GITHUB_TOKEN": "arn:aws:secretsmanager:…"}`); a
 * Secrets Manager ARN may end in `#field` to take one field of a JSON secret. Values are read at cold start and
 * again once `ASSAY_SECRETS_TTL_SECONDS` (default 900) have passed, so a rotated secret is picked up without a
 * deployment; they are handed to the config's secret resolver and never logged or stored. `ASSAY_EVIDENCE` (JSON)
 * replaces the config's `evidence` section: the deployment names its own bucket, so the config need not.
 */
export const LAMBDA_ENV = {
  text: 'ASSAY_CONFIG_TEXT',
  parameter: 'ASSAY_CONFIG_PARAMETER',
  file: 'ASSAY_CONFIG',
  secrets: 'ASSAY_SECRETS',
  ttl: 'ASSAY_SECRETS_TTL_SECONDS',
  evidence: 'ASSAY_EVIDENCE',
} as const;

export interface SecretSource {
  /** The environment name the config refers to (`{ env: GITHUB_TOKEN }`). */
  name: string;
  arn: string;
  service: 'secretsmanager' | 'ssm';
  region: string;
  /** A field of a JSON secret (`arn…#privateKey`). */
  field?: string;
}

export interface AwsSecretClients {
  secretsManager(region: string): Pick<SecretsManagerClient, 'send'>;
  ssm(region: string): Pick<SSMClient, 'send'>;
}

const ARN =
  /^arn:aws(?:-[a-z]+)*:(secretsmanager|ssm):([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:(secret:[^#]+|parameter\/[^#]+)(?:#(.+))?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses `ASSAY_SECRETS`; names which entry is wrong and never echoes anything but names and ARNs. */
export function parseSecretSources(text: string | undefined): SecretSource[] {
  if (text === undefined || text.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${LAMBDA_ENV.secrets}: expected a JSON object of NAME → ARN, not valid JSON`, { cause });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${LAMBDA_ENV.secrets}: expected a JSON object of NAME → ARN`);
  return Object.entries(raw as Record<string, unknown>).map(([name, arn]) => {
    if (!ENV_NAME.test(name))
      throw new ConfigError(`${LAMBDA_ENV.secrets}: '${name}': expected an environment variable name`);
    const m = typeof arn === 'string' ? ARN.exec(arn) : null;
    if (!m || typeof arn !== 'string')
      throw new ConfigError(
        `${LAMBDA_ENV.secrets}: ${name}: expected a Secrets Manager or SSM parameter ARN ` +
          `(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME or arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)`,
      );
    const [, service, region, , field] = m;
    if (field !== undefined && service === 'ssm')
      throw new ConfigError(`${LAMBDA_ENV.secrets}: ${name}: '#field' applies to Secrets Manager JSON secrets only`);
    return {
      name,
      arn: field === undefined ? arn : arn.slice(0, -(field.length + 1)),
      service: service as SecretSource['service'],
      region: region!,
      ...(field !== undefined ? { field } : {}),
    };
  });
}

export const defaultSecretClients = (): AwsSecretClients => {
  const sm = new Map<string, SecretsManagerClient>();
  const ssm = new Map<string, SSMClient>();
  return {
    secretsManager: (region) => sm.get(region) ?? sm.set(region, new SecretsManagerClient({ region })).get(region)!,
    ssm: (region) => ssm.get(region) ?? ssm.set(region, new SSMClient({ region })).get(region)!,
  };
};

const failed = (what: string, cause: unknown): ConfigError =>
  // The SDK's message names the resource and the refusal (AccessDenied, ResourceNotFound), never the value.
  new ConfigError(`${what}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`, { cause });

async function readSecret(source: SecretSource, clients: AwsSecretClients): Promise<string> {
  const what = `${LAMBDA_ENV.secrets}: ${source.name}: cannot read ${source.arn}`;
  let value: string | undefined;
  try {
    if (source.service === 'secretsmanager') {
      const out = await clients.secretsManager(source.region).send(new GetSecretValueCommand({ SecretId: source.arn }));
      value = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
    } else {
      const out = await clients
        .ssm(source.region)
        .send(new GetParameterCommand({ Name: source.arn, WithDecryption: true }));
      value = out.Parameter?.Value;
    }
  } catch (cause) {
    throw failed(what, cause);
  }
  if (value === undefined || value === '') throw new ConfigError(`${what}: it holds no value`);
  if (source.field === undefined) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Not the parser's message: it quotes the text, which is the secret.
    throw new ConfigError(`${what}: '#${source.field}' needs a JSON secret, and this one is not JSON`);
  }
  const field = (parsed as Record<string, unknown> | null)?.[source.field];
  if (typeof field !== 'string' || field === '')
    throw new ConfigError(`${what}: the JSON secret has no string field '${source.field}'`);
  return field;
}

async function readConfigText(
  env: Env,
  clients: AwsSecretClients,
): Promise<{ text: string; source: string } | undefined> {
  const inline = env[LAMBDA_ENV.text];
  if (inline !== undefined && inline.trim() !== '') return { text: inline, source: LAMBDA_ENV.text };
  const name = env[LAMBDA_ENV.parameter];
  if (name === undefined || name === '') return undefined;
  const region = /^arn:aws[-a-z]*:ssm:([^:]+):/.exec(name)?.[1] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new ConfigError(`${LAMBDA_ENV.parameter}: ${name}: no region (give an ARN or set AWS_REGION)`);
  const what = `${LAMBDA_ENV.parameter}: cannot read ${name}`;
  try {
    const out = await clients.ssm(region).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const text = out.Parameter?.Value;
    if (!text) throw new ConfigError(`${what}: it holds no value`);
    return { text, source: `ssm:${name}` };
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw failed(what, cause);
  }
}

/** The config text with its `evidence` section replaced; text that does not parse is left for parseConfig to report. */
function withEvidence(text: string, source: string, evidence: string | undefined): string {
  if (evidence === undefined || evidence === '') return text;
  let section: unknown;
  try {
    section = JSON.parse(evidence);
  } catch (cause) {
    throw new ConfigError(`${LAMBDA_ENV.evidence}: expected the evidence section as JSON`, { cause });
  }
  const doc = parseDocument(text);
  const raw: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return text;
  if (section === null || typeof section !== 'object' || Array.isArray(section))
    throw new ConfigError(
      `${LAMBDA_ENV.evidence}: expected a JSON object such as {"store":"s3","bucket":"…"} (${source})`,
    );
  return JSON.stringify({ ...(raw as Record<string, unknown>), evidence: section });
}

async function readConfigFile(env: Env): Promise<string> {
  const file = env[LAMBDA_ENV.file] ?? 'assay.yaml';
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(
      `${file}: cannot read the config file (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`,
      {
        cause,
      },
    );
  }
}

export interface LambdaConfigLoaderOptions {
  env?: Env;
  clients?: AwsSecretClients;
  now?: () => number;
}

/**
 * Loads the config and the secrets it refers to, and keeps both for the TTL: one instance lives as long as the
 * Lambda execution environment, so warm invocations make no Secrets Manager or SSM calls.
 */
export class LambdaConfigLoader {
  private readonly env: Env;
  private readonly clients: AwsSecretClients;
  private readonly now: () => number;
  private cached: { config: Config; at: number } | undefined;
  private readonly ttlMs: number;
  private readonly sources: SecretSource[];

  constructor(opts: LambdaConfigLoaderOptions = {}) {
    this.env = opts.env ?? processEnv();
    this.clients = opts.clients ?? defaultSecretClients();
    this.now = opts.now ?? Date.now;
    const ttl = this.env[LAMBDA_ENV.ttl];
    const seconds = ttl === undefined || ttl === '' ? 900 : Number(ttl);
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new ConfigError(`${LAMBDA_ENV.ttl}: expected a number of seconds, got '${ttl}'`);
    this.ttlMs = seconds * 1000;
    this.sources = parseSecretSources(this.env[LAMBDA_ENV.secrets]);
  }

  async load(): Promise<Config> {
    const at = this.now();
    if (this.cached && at - this.cached.at < this.ttlMs) return this.cached.config;
    const secrets = await Promise.all(
      this.sources.map(async (s) => [s.name, await readSecret(s, this.clients)] as const),
    );
    const env: Env = { ...this.env, ...Object.fromEntries(secrets) };
    const text = await readConfigText(this.env, this.clients);
    const evidence = this.env[LAMBDA_ENV.evidence];
    const config = text
      ? parseConfig(withEvidence(text.text, text.source, evidence), text.source, env)
      : evidence
        ? parseConfig(withEvidence(await readConfigFile(this.env), LAMBDA_ENV.file, evidence), LAMBDA_ENV.file, env)
        : await loadConfig(this.env[LAMBDA_ENV.file] ?? 'assay.yaml', env);
    this.cached = { config, at };
    return config;
  }
}

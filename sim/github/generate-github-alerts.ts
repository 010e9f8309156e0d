import type { Random } from '../random.js';
import type { SimRepo, SimSecretAlert } from './github-code-state.js';

/** Provider patterns GitHub detects, AI model providers among them. https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns */
const PROVIDER_TYPES = [
  { type: 'openai_api_key', display: 'OpenAI API Key', provider: 'OpenAI' },
  { type: 'anthropic_api_key', display: 'Anthropic API Key', provider: 'Anthropic' },
  { type: 'hf_user_access_token', display: 'Hugging Face User Access Token', provider: 'Hugging Face' },
  { type: 'aws_access_key_id', display: 'AWS Access Key ID', provider: 'Amazon AWS' },
  { type: 'slack_api_token', display: 'Slack API Token', provider: 'Slack' },
  { type: 'stripe_api_key', display: 'Stripe API Key', provider: 'Stripe' },
] as const;

/** Generic patterns (non-provider, and passwords found by Copilot secret scanning): listed only when named in `secret_type`. */
const GENERIC_TYPES = [
  { type: 'rsa_private_key', display: 'RSA Private Key', provider: 'Generic' },
  { type: 'postgres_connection_string', display: 'PostgreSQL Connection String', provider: 'Generic' },
  { type: 'password', display: 'Password', provider: 'Generic' },
] as const;

type Kind = (typeof PROVIDER_TYPES)[number] | (typeof GENERIC_TYPES)[number];

/**
 * Open and resolved secret-scanning alerts on repositories with secret scanning. The first organization gets a late
 * provider alert still active, a late one of unknown validity, one within the SLA, a resolved one, and two late
 * generic ones (a private key and a Copilot-found password) that GitHub lists only when asked for by type.
 */
export function generateAlerts(rng: Random, repos: SimRepo[], first: boolean): SimSecretAlert[] {
  const scanned = repos.filter((r) => r.security.secret_scanning === 'enabled');
  if (scanned.length === 0) return [];
  const alerts: SimSecretAlert[] = [];
  const add = (
    kind: Kind,
    ageDays: number,
    validity: SimSecretAlert['validity'],
    state: SimSecretAlert['state'] = 'open',
  ) =>
    alerts.push({
      number: alerts.length + 1,
      repo: rng.pick(scanned).name,
      secretType: kind.type,
      displayName: kind.display,
      provider: kind.provider,
      secret: `SIMFAKE-${kind.type}-${rng.hex(32)}`,
      validity,
      state,
      publiclyLeaked: rng.chance(0.1),
      ageDays,
      ageHours: rng.between(1, 20),
    });
  if (first) {
    add(PROVIDER_TYPES[0], rng.between(20, 90), 'active'); // an OpenAI key, still valid, weeks old
    add(PROVIDER_TYPES[2], rng.between(10, 40), 'unknown');
    add(PROVIDER_TYPES[1], rng.between(0, 4), 'active'); // within the SLA
    add(PROVIDER_TYPES[3], rng.between(100, 300), 'inactive', 'resolved'); // closed: never listed as open
  }
  for (let k = rng.int(5); k > 0; k--) {
    const late = rng.chance(0.5);
    add(
      rng.pick(PROVIDER_TYPES),
      late ? rng.between(10, 400) : rng.between(0, 5),
      rng.pick(['active', 'inactive', 'unknown'] as const),
      rng.chance(0.2) ? 'resolved' : 'open',
    );
  }
  if (first) {
    add(GENERIC_TYPES[0], rng.between(30, 120), 'unknown'); // a private key: no validity checks for generic patterns
    add(GENERIC_TYPES[2], rng.between(8, 60), 'unknown'); // a password found by Copilot secret scanning
    add(GENERIC_TYPES[1], rng.between(0, 3), 'unknown'); // within the SLA
  }
  return alerts;
}

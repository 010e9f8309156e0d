import { describe, expect, it } from 'vitest';
import { redactSecrets, redactSecretsIn } from '../../src/logging/redact.js';
import { secretCanaries } from '../../sim/secret-plants.js';

const c = secretCanaries('redact-test');

describe('redactSecrets', () => {
  it('masks an access key id together with the secret key pasted after it', () => {
    for (const sep of [':', ' ', '=', '%3A'])
      expect(redactSecrets(`key ${c.awsAccessKeyId}${sep}${c.awsSecretAccessKey} end`)).toBe('key [REDACTED] end');
  });

  it('masks a value given under a secret name, keeping the name', () => {
    expect(redactSecrets(`refused {"password":"${c.password}"}`)).toBe('refused {"password":"[REDACTED]"}');
    expect(redactSecrets(`client_secret=${c.password}&x=1`)).toBe('client_secret=[REDACTED]&x=1');
    expect(redactSecrets(`api-key: ${c.password}`)).toBe('api-key: [REDACTED]');
  });

  it('leaves words that merely mention secrets alone', () => {
    const text =
      'secret_scanning is disabled (hide_secret=true); the password policy requires 14 characters; ' +
      'sources.github.auth.app.privateKey: environment variable K does not hold a PEM private key';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecretsIn', () => {
  it('masks secret-shaped strings anywhere in a document and keeps its shape', () => {
    const doc = {
      Statement: [{ Effect: 'Allow', Condition: { StringEquals: { 'aws:RequestTag/k': c.githubToken } }, n: 3 }],
    };
    expect(redactSecretsIn(doc)).toEqual({
      Statement: [{ Effect: 'Allow', Condition: { StringEquals: { 'aws:RequestTag/k': '[REDACTED]' } }, n: 3 }],
    });
  });
});

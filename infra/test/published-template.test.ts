import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PUBLISHED, publishedTemplates } from '../lib/published-template.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the published CloudFormation templates', () => {
  it('are what the CDK app synthesizes today (`npm run template --prefix infra` regenerates them)', () => {
    const fresh = publishedTemplates();
    for (const [name, file] of Object.entries(PUBLISHED))
      expect(readFileSync(path.join(root, file), 'utf8'), file).toBe(fresh[name as keyof typeof PUBLISHED]);
  });

  it('need no CDK bootstrap: the code and the config are parameters, no asset', () => {
    const main = JSON.parse(readFileSync(path.join(root, PUBLISHED.main), 'utf8')) as {
      Parameters: Record<string, unknown>;
      Rules?: unknown;
    };
    expect(Object.keys(main.Parameters)).toEqual(
      expect.arrayContaining(['AssayConfig', 'ExternalId', 'OrganizationId', 'MemberOrganizationalUnitIds']),
    );
    expect(Object.keys(main.Parameters).some((p) => p.startsWith('FunctionLambdaSourceBucketName'))).toBe(true);
    expect(main.Rules).toBeUndefined();
    expect(JSON.stringify(main)).not.toMatch(/cdk-hnb659fds|BootstrapVersion/);
  });
});

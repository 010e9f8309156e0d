import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, DEFAULTS, memberTemplate } from './build-app.js';

/** Where the templates for teams without CDK live, relative to infra/. */
export const PUBLISHED = {
  main: 'cloudformation/assay.template.json',
  member: 'cloudformation/assay-member-role.template.json',
} as const;

/**
 * The deployment as plain CloudFormation: no CDK bootstrap, the Lambda code from S3 bucket/key parameters (upload the
 * zipped `dist/lambda/index.mjs`), the config as a parameter. Defaults: hourly, single invocation, 400-day retention.
 */
export function publishedTemplates(): Record<keyof typeof PUBLISHED, string> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'assay-cdk-'));
  try {
    const { app, stack } = buildApp({ ...DEFAULTS, code: { kind: 'parameters' }, bootstrapless: true, outdir });
    const main = app.synth().getStackArtifact(stack.artifactId).template as unknown;
    const member = memberTemplate(DEFAULTS.memberRoleName, DEFAULTS.breakGlassRoles);
    return {
      main: `${JSON.stringify(main, null, 2)}\n`,
      member: `${JSON.stringify(member, null, 2)}\n`,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

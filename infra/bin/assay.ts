/**
 * `npx cdk deploy -c assay:configFile=../assay.yaml` (after `npm run bundle:lambda` at the top level). Context keys:
 * assay:configFile, assay:retentionDays, assay:schedule, assay:fanOut, assay:memberRoleName, assay:breakGlassRoles
 * (comma-separated), assay:bundleDir.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp, DEFAULTS } from '../lib/build-app.js';

const ctx = new App();
const get = (key: string): unknown => ctx.node.tryGetContext(`assay:${key}`);
const configFile = get('configFile');
if (typeof configFile !== 'string') throw new Error('context assay:configFile is required (-c assay:configFile=FILE)');
const bundleDir = typeof get('bundleDir') === 'string' ? String(get('bundleDir')) : '../dist/lambda';
const text = (key: string, fallback: string | number | boolean): string => {
  const v = get(key);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : String(fallback);
};
const list = (v: unknown): string[] => (typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()) : []);

const { app } = buildApp({
  configText: readFileSync(configFile, 'utf8'),
  code: { kind: 'dir', path: path.resolve(bundleDir) },
  retentionDays: Number(text('retentionDays', DEFAULTS.retentionDays)),
  schedule: text('schedule', DEFAULTS.schedule),
  fanOut: text('fanOut', DEFAULTS.fanOut) === 'true',
  memberRoleName: text('memberRoleName', DEFAULTS.memberRoleName),
  breakGlassRoles: list(get('breakGlassRoles')),
});
app.synth();

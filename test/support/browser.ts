import { existsSync } from 'node:fs';
import { processEnv } from '../../src/config/load-config.js';

/** Debian's Chromium: CI installs it (.ci/run); playwright-core drives it, and downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Browser tests are skipped only on a machine without Chromium that is not CI; in CI a missing Chromium fails them. */
export const skipBrowserTests = (): boolean => !existsSync(CHROMIUM) && !processEnv().CI;

import { randomBytes } from 'node:crypto';

/** Sortable by start time, unique across machines: `20261123T113105Z-3fa9c1`. */
export const newRunId = (now: Date): string =>
  `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

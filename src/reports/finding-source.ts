import type { Finding } from '../model/finding.js';

/** The source a finding's scope belongs to; `derived` for datasets computed after collection. */
export const FINDING_SOURCES = ['github', 'aws', 'google', 'derived'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

const BY_SCOPE_KIND: Record<Finding['scope']['kind'], FindingSource> = {
  'github-org': 'github',
  'aws-account': 'aws',
  'google-customer': 'google',
  global: 'derived',
};

export const findingSource = (f: Pick<Finding, 'scope'>): FindingSource => BY_SCOPE_KIND[f.scope.kind];

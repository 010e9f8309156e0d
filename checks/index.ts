import type { AnyCheck } from '../src/model/check.js';
import { makeRegistry } from '../src/model/registry.js';
import githubOrg2faRequired from './github/github-org-2fa-required.js';
import githubMembers2faEnabled from './github/github-members-2fa-enabled.js';

/** Every check; the file a check lives in is named after its id. */
export const allChecks: readonly AnyCheck[] = [githubOrg2faRequired, githubMembers2faEnabled];

export const checkRegistry = (): ReadonlyMap<string, AnyCheck> => makeRegistry('check', allChecks);

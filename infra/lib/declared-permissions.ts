/**
 * The IAM actions assay's collectors declare, read from the same registry as `assay permissions aws --json`, so the
 * deployed roles never drift from the code: a collector that starts reading something new changes the synthesized
 * policy, and the assertion tests compare the two.
 */
import { allCollectors } from '../../collectors/index.js';
import {
  awsCallerPolicyDocument,
  awsPolicyDocument,
  type AwsPolicyDocument,
} from '../../collectors/aws/aws-policy-document.js';
import { eventPatterns, type EventRulePattern } from '../../src/events/event-patterns.js';

/** Read-only actions for the audit role in every account (and for the Lambda's own account, read directly). */
export const auditPolicy = (): AwsPolicyDocument => awsPolicyDocument(allCollectors);

/** What the identity assay runs as adds: assume the audit role, list the organization's accounts. */
export const callerPolicy = (roleName: string): AwsPolicyDocument => awsCallerPolicyDocument(allCollectors, roleName);

/** Every action the AWS collectors declare, sorted. */
export const declaredAwsActions = (): string[] =>
  [...new Set(allCollectors.filter((c) => c.source === 'aws').flatMap((c) => c.permissions.map((p) => p.name)))]
    .filter((n) => /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(n))
    .sort();

/** The near-real-time path's rules, from the event path's own definition (`assay events patterns`). */
export const eventRulePatterns = (breakGlassRoles: readonly string[]): EventRulePattern[] =>
  eventPatterns(breakGlassRoles);

import { z } from 'zod';
import { defineCheck, scopeResource, type CheckResult } from '../../src/model/check.js';
import { describeSources, principalResource, principalsGranted } from '../../src/model/datasets/aws-iam-grants.js';
import type { Grant } from '../../src/model/aws-policy-evaluator.js';

/**
 * Who can do everything with the AI services (create and delete models, change guardrails and invocation logging),
 * however the policy says it (`bedrock:*`, `*:*`, an `Allow` with `NotAction`), for ISO 42001 A.6.2.6 (AI system
 * operation and monitoring) and ISO 27001 8.2. Full administrators are listed by aws-iam-admin-principals, not here;
 * a grant under a condition is listed as conditional. A user holding it on itself fails, as for administrator access.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/security-iam-awsmanpol.html
 */
export default defineCheck({
  id: 'aws-iam-ai-full-access',
  title:
    'Full access to AI services (Bedrock, SageMaker) is held only through roles or groups, and every holder is listed',
  severity: 'medium',
  rationale:
    'Full access to Bedrock or SageMaker covers model customization, guardrails and invocation logging settings: the controls that keep an AI system accountable; who holds it must be known and granted reviewably.',
  remediation:
    "Replace the user's own `bedrock:*` / `sagemaker:*` grant with a group or role, and narrow it to the actions the work needs (e.g. bedrock:InvokeModel on named models).",
  requires: ['aws-iam.authorizationDetails'],
  controls: ['iso27001:8.2', 'iso42001:A.6.2.6'],
  params: z
    .object({
      /** Service prefixes whose `<service>:*` on every resource counts as full access. */
      services: z
        .array(z.string().regex(/^[a-z0-9-]+$/))
        .min(1)
        .default(['bedrock', 'sagemaker']),
    })
    .strict(),
  evaluate(data, { scope, params }) {
    const holders = principalsGranted(data['aws-iam.authorizationDetails'], (e): Grant => {
      const none: Grant = { verdict: 'no', reasons: [], policies: [] };
      if (e.admin.verdict === 'yes') return none;
      const grants = params.services.map((svc) => e.fullAccessTo(svc));
      return grants.find((g) => g.verdict === 'yes') ?? grants.find((g) => g.verdict === 'conditional') ?? none;
    });
    if (holders.length === 0) {
      return [
        {
          status: 'pass',
          resource: scopeResource(scope, 'aws-account'),
          message: `No IAM user or role in account ${scope.id} has full access to ${params.services.join(' or ')}.`,
          observed: { holders: 0, services: params.services },
        },
      ];
    }
    return holders
      .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name))
      .map((p): CheckResult => {
        const observed = {
          principal: p.type,
          name: p.name,
          verdict: p.verdict,
          direct: describeSources(p.direct),
          viaGroups: describeSources(p.viaGroups),
          reasons: p.reasons,
          services: params.services,
        };
        const label = p.type === 'user' ? 'User' : 'Role';
        const access = p.verdict === 'conditional' ? 'conditional full AI service access' : 'full AI service access';
        if (p.type === 'user' && p.direct.length > 0) {
          return {
            status: 'fail',
            resource: principalResource(p),
            message: `User ${p.name} in account ${scope.id} holds ${access} directly (${describeSources(p.direct).join(', ')}).`,
            observed,
          };
        }
        const via = describeSources(p.type === 'user' ? p.viaGroups : p.direct).join(', ');
        return {
          status: 'pass',
          resource: principalResource(p),
          message: `${label} ${p.name} in account ${scope.id} has ${access} through ${via}.`,
          observed,
        };
      });
  },
});

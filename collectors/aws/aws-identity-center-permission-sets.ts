import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
} from '@aws-sdk/client-sso-admin';
import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import type { CallFn } from '../../src/model/collector.js';
import type { PolicyDocument } from '../../src/model/datasets/aws-iam.js';
import type { IdentityCenterPermissionSet, PermissionSetGrant } from '../../src/model/datasets/aws-identity-center.js';
import { evaluatePolicies, parsePolicyDocument, type Grant } from '../../src/model/aws-policy-evaluator.js';
import { CollectorError } from '../../src/errors.js';
import { allPages, IC_PAGE_SIZE } from './aws-identity-center-pages.js';
import type { IdentityCenterClients } from './aws-identity-center-clients.js';

type Judged = { name: string; document: PolicyDocument } | { unjudged: string };

/** Every permission set ARN of the instance (ListPermissionSets, 100 a page). */
export const listPermissionSetArns = (c: IdentityCenterClients, instanceArn: string): Promise<string[]> =>
  allPages(
    'sso:ListPermissionSets',
    (token) =>
      c.sso.send(
        new ListPermissionSetsCommand({
          InstanceArn: instanceArn,
          MaxResults: IC_PAGE_SIZE,
          ...(token ? { NextToken: token } : {}),
        }),
        { abortSignal: c.signal },
      ),
    (p) => p.PermissionSets,
  );

const RANK = { yes: 2, conditional: 1, no: 0 } as const;

/** A `no` that rests on policies not read is `conditional`: missing data is never "not admin". */
function withUnjudged(g: Grant, unjudged: readonly string[]): PermissionSetGrant {
  const notJudged = unjudged.map((u) => `not judged: ${u}`);
  if (g.verdict === 'no') return unjudged.length > 0 ? { verdict: 'conditional', reasons: notJudged } : g;
  return { verdict: g.verdict, reasons: g.verdict === 'conditional' ? [...g.reasons, ...notJudged] : g.reasons };
}

/**
 * The AWS managed policies' documents, read once per run each (GetPolicy for the default version, then
 * GetPolicyVersion): a policy that cannot be read is `unjudged`, naming the call.
 */
function managedPolicyReader(call: CallFn, c: IdentityCenterClients) {
  const cache = new Map<string, Promise<Judged>>();
  const read = async (arn: string, name: string): Promise<Judged> => {
    try {
      const version = await c.limit(() =>
        call('iam:GetPolicy', async () => {
          const out = await c.iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal: c.signal });
          if (!out.Policy?.DefaultVersionId) throw new Error(`GetPolicy returned no DefaultVersionId for ${arn}`);
          return out.Policy.DefaultVersionId;
        }),
      );
      const text = await c.limit(() =>
        call('iam:GetPolicyVersion', async () => {
          const out = await c.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }), {
            abortSignal: c.signal,
          });
          if (!out.PolicyVersion?.Document) throw new Error(`GetPolicyVersion returned no document for ${arn}`);
          return out.PolicyVersion.Document;
        }),
      );
      return { name, document: parsePolicyDocument(text) };
    } catch (err) {
      if (c.signal.aborted) throw err;
      const why = err instanceof CollectorError ? `${err.operation} failed: ${err.message}` : String(err);
      return { unjudged: `AWS managed policy ${name} (${why})` };
    }
  };
  return (arn: string, name: string): Promise<Judged> => {
    let p = cache.get(arn);
    if (!p) cache.set(arn, (p = read(arn, name)));
    return p;
  };
}

/**
 * Each permission set with its policies and the evaluator's verdicts: four calls per set (Describe, the managed
 * and customer managed lists, the inline policy) plus two per distinct AWS managed policy, `c.limit` at a time.
 * Any failed sso call fails the whole dataset, naming it.
 */
export async function describePermissionSets(
  call: CallFn,
  c: IdentityCenterClients,
  instanceArn: string,
  arns: readonly string[],
): Promise<IdentityCenterPermissionSet[]> {
  const managedDoc = managedPolicyReader(call, c);
  const opts = { abortSignal: c.signal };
  const one = async (arn: string): Promise<IdentityCenterPermissionSet> => {
    const input = { InstanceArn: instanceArn, PermissionSetArn: arn };
    const [described, managed, customer, inline] = await Promise.all([
      c.limit(() =>
        call('sso:DescribePermissionSet', async () => {
          const ps = (await c.sso.send(new DescribePermissionSetCommand(input), opts)).PermissionSet;
          if (!ps?.Name) throw new Error(`DescribePermissionSet returned no permission set for ${arn}`);
          return ps;
        }),
      ),
      c.limit(() =>
        call('sso:ListManagedPoliciesInPermissionSet', () =>
          allPages(
            'sso:ListManagedPoliciesInPermissionSet',
            (token) =>
              c.sso.send(
                new ListManagedPoliciesInPermissionSetCommand({
                  ...input,
                  MaxResults: IC_PAGE_SIZE,
                  ...(token ? { NextToken: token } : {}),
                }),
                opts,
              ),
            (p) => p.AttachedManagedPolicies,
          ),
        ),
      ),
      c.limit(() =>
        call('sso:ListCustomerManagedPolicyReferencesInPermissionSet', () =>
          allPages(
            'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
            (token) =>
              c.sso.send(
                new ListCustomerManagedPolicyReferencesInPermissionSetCommand({
                  ...input,
                  MaxResults: IC_PAGE_SIZE,
                  ...(token ? { NextToken: token } : {}),
                }),
                opts,
              ),
            (p) => p.CustomerManagedPolicyReferences,
          ),
        ),
      ),
      c.limit(() =>
        call(
          'sso:GetInlinePolicyForPermissionSet',
          async () => (await c.sso.send(new GetInlinePolicyForPermissionSetCommand(input), opts)).InlinePolicy,
        ),
      ),
    ]);
    const managedPolicies = managed.flatMap((m) => (m.Arn ? [{ arn: m.Arn, name: m.Name ?? m.Arn }] : []));
    const customerRefs = customer.map((r) => ({ name: r.Name ?? '', path: r.Path ?? '/' }));
    const judged: Judged[] = await Promise.all(managedPolicies.map((m) => managedDoc(m.arn, m.name)));
    if (inline) {
      try {
        judged.push({ name: 'inline policy', document: parsePolicyDocument(inline) });
      } catch (err) {
        judged.push({ unjudged: `inline policy (${err instanceof Error ? err.message : String(err)})` });
      }
    }
    for (const r of customerRefs)
      judged.push({ unjudged: `customer managed policy ${r.path}${r.name} (its document is in each account)` });
    const documents = judged.flatMap((j) => ('document' in j ? [j] : []));
    const unjudged = judged.flatMap((j) => ('unjudged' in j ? [j.unjudged] : []));
    const e = evaluatePolicies(documents);
    const bedrock = e.fullAccessTo('bedrock');
    const sagemaker = e.fullAccessTo('sagemaker');
    const ai = RANK[bedrock.verdict] >= RANK[sagemaker.verdict] ? bedrock : sagemaker;
    return {
      arn,
      name: described.Name!,
      ...(described.Description ? { description: described.Description } : {}),
      ...(described.SessionDuration ? { sessionDuration: described.SessionDuration } : {}),
      managedPolicyArns: managedPolicies.map((m) => m.arn),
      customerManagedPolicies: customerRefs,
      hasInlinePolicy: Boolean(inline),
      unjudged,
      admin: withUnjudged(e.admin, unjudged),
      aiFullAccess: withUnjudged(ai, unjudged),
    };
  };
  return Promise.all(arns.map(one));
}

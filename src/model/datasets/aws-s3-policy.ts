import { z } from 'zod';

/** One bucket-policy statement that lets anyone in: what it allows and the condition keys it carries (none restricting). */
export const PublicStatementSchema = z.object({
  sid: z.string().optional(),
  actions: z.array(z.string()),
  conditionKeys: z.array(z.string()),
});
export type PublicStatement = z.infer<typeof PublicStatementSchema>;

/**
 * Condition keys that, with fixed values, limit a statement to known principals, accounts, organizations, networks
 * or resources: S3 then does not call the policy public.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
);
/** Operators that admit only the listed values; negated operators (StringNotEquals, NotIpAddress) admit everyone else. */
const EXACT_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'arnequals', 'stringlike', 'arnlike']);
const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const isEveryone = (principal: unknown): boolean => {
  if (principal === '*') return true;
  const p = obj(principal);
  return list(p.AWS).includes('*') || list(p.CanonicalUser).includes('*');
};

/** A fixed value: no wildcard (`AROAID:*` names every session) and no policy variable; 0.0.0.0/0 is everyone. */
const fixed = (v: unknown, key: string): boolean =>
  typeof v === 'string' && v !== '' && !/[*?]|\$\{/.test(v) && !(key === 'aws:sourceip' && OPEN_CIDRS.has(v));

/** True when some condition of the statement limits it to fixed principals, accounts, networks or sources. */
function restricts(condition: unknown): boolean {
  for (const [rawOperator, block] of Object.entries(obj(condition))) {
    // ...IfExists passes when the key is absent; ForAllValues: passes on an empty set.
    const op = rawOperator.toLowerCase();
    if (op.endsWith('ifexists') || op.startsWith('forallvalues:')) continue;
    const base = op.replace(/^foranyvalue:/, '');
    if (!EXACT_OPERATORS.has(base) && base !== 'ipaddress') continue;
    for (const [rawKey, values] of Object.entries(obj(block))) {
      const key = rawKey.toLowerCase();
      if (!RESTRICTING_KEYS.has(key)) continue;
      if (base === 'ipaddress' && key !== 'aws:sourceip') continue;
      const vs = list(values);
      if (vs.length > 0 && vs.every((v) => fixed(v, key))) return true;
    }
  }
  return false;
}

/**
 * The statements of a bucket policy (JSON text from GetBucketPolicy) that make the bucket public: an Allow to
 * `Principal: "*"` (or `{"AWS": "*"}`, or any NotPrincipal) without a condition that limits it to fixed principals,
 * accounts, organizations, VPCs, VPC endpoints, source ARNs or source IPs. Deny statements do not make a grant private.
 * Throws on text that is not a JSON policy: an unreadable policy is unknown, not private.
 */
export function publicPolicyStatements(document: string): PublicStatement[] {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    throw new Error('the bucket policy is not JSON');
  }
  const statements = list(obj(doc).Statement);
  if (statements.length === 0) throw new Error('the bucket policy has no Statement');
  return statements.map(obj).flatMap((s): PublicStatement[] => {
    if (s.Effect !== 'Allow') return [];
    if (!isEveryone(s.Principal) && s.NotPrincipal === undefined) return [];
    if (restricts(s.Condition)) return [];
    return [
      {
        ...(typeof s.Sid === 'string' && s.Sid ? { sid: s.Sid } : {}),
        actions: list(s.Action ?? s.NotAction).map((a) => (s.NotAction !== undefined ? `not ${String(a)}` : String(a))),
        conditionKeys: Object.values(obj(s.Condition)).flatMap((b) => Object.keys(obj(b))),
      },
    ];
  });
}

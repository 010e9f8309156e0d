import type { PolicyDocument, PolicyStatement } from './datasets/aws-iam.js';

/**
 * What a set of IAM policies (all those that apply to one principal, or one permission set) grants, judged the way
 * IAM evaluates them: `Action` or `NotAction` (everything but the listed actions), `Resource` or `NotResource`,
 * wildcards anywhere in an action (`*`, `?`), an explicit `Deny` wins, and a `Condition` restricts a grant without
 * removing it (the grant is reported as conditional).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * Judged per action on every resource. A `Deny` removes access only when it applies to every resource without a
 * condition; a narrower or conditional `Deny` leaves the grant standing (an inventory must not lose a holder to a
 * decoy `Deny`). Permissions boundaries, SCPs and resource policies are not considered.
 */

export type GrantVerdict = 'yes' | 'conditional' | 'no';

export interface Grant {
  verdict: GrantVerdict;
  /** Why, each naming a statement: `AdminPolicy statement 1 (Sid FullAccess) allows * on *`. */
  reasons: string[];
  /** The policies whose statements make the grant (empty for `no`). */
  policies: string[];
}

export interface NamedPolicy {
  /** How reasons name it: the policy name, `inline x`, a permission set's policy. */
  name: string;
  document: PolicyDocument;
}

export interface PolicyEvaluation {
  /**
   * Every action on every resource, or full control of IAM (`iam:*` on every resource), with which the holder can
   * grant itself anything else.
   */
  admin: Grant;
  /** Every action of `service` (`bedrock`, `sagemaker`) on every resource. */
  fullAccessTo(service: string): Grant;
  /** Every action matching `action` (`iam:PassRole`, `s3:Get*`, `*`) on every resource. */
  allows(action: string): Grant;
}

interface Stmt {
  label: string;
  policy: string;
  s: PolicyStatement;
  conditional: boolean;
}

const escape = (c: string) => c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');

/**
 * Whether glob `pattern` matches every action `target` (itself a glob) matches: `iam:*` covers `iam:Get*`. `?` never
 * stands for a `*` of the target, which may be any number of characters.
 */
export function covers(pattern: string, target: string): boolean {
  const re = pattern.replace(/[*?]|[^*?]+/g, (c) => (c === '*' ? '.*' : c === '?' ? '[^*]' : escape(c)));
  return new RegExp(`^${re}$`, 'is').test(target);
}

/** Whether two action globs share at least one action (`iam:Get*` and `iam:*User` share `iam:GetUser`). */
export function intersects(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const seen = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = seen.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (x[i] === '*') r = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (y[j] === '*') r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i === x.length || j === y.length) r = false;
    else r = (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && go(i + 1, j + 1);
    seen.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** `*`, or an ARN pattern that is wildcards after the partition (`arn:aws:*:*:*:*`). */
const everyResource = (r: string) => /^\*+$/.test(r) || /^arn:(\*|aws[\w-]*)(:\*+)*$/i.test(r);

/** Which resources a statement reaches: all, all but some (NotResource), or only named ones. */
function reach(s: PolicyStatement): 'all' | 'allBut' | 'some' | 'none' {
  if (s.NotResource !== undefined) return s.NotResource.some(everyResource) ? 'none' : 'allBut';
  return (s.Resource ?? []).some(everyResource) ? 'all' : 'some';
}

const describe = (st: Stmt): string => {
  const { s } = st;
  const what = s.Action !== undefined ? s.Action.join(', ') : `every action except ${(s.NotAction ?? []).join(', ')}`;
  const where = reach(s) === 'allBut' ? `every resource except ${(s.NotResource ?? []).join(', ')}` : 'every resource';
  const cond = st.conditional ? ` under condition ${Object.keys(s.Condition ?? {}).join(', ')}` : '';
  return `${st.label} ${s.Effect === 'Allow' ? 'allows' : 'denies'} ${what} on ${where}${cond}`;
};

interface Path {
  stmts: Stmt[];
  conditional: boolean;
}

/** The ways `target` is allowed on every resource, before Deny: one statement, or NotAction plus Action for its gaps. */
function allowPaths(allows: readonly Stmt[], target: string): Path[] {
  const paths: Path[] = [];
  const coveringAction = (glob: string) => allows.filter((a) => a.s.Action?.some((p) => covers(p, glob)));
  for (const a of allows) {
    if (a.s.Action?.some((p) => covers(p, target))) paths.push({ stmts: [a], conditional: a.conditional });
    if (a.s.NotAction === undefined) continue;
    const gaps = a.s.NotAction.filter((e) => intersects(e, target));
    const fillers = gaps.map((gap) => {
      const c = coveringAction(gap);
      return c.find((x) => !x.conditional) ?? c[0];
    });
    if (fillers.every((f) => f !== undefined)) {
      const stmts = [a, ...new Set(fillers)];
      paths.push({ stmts, conditional: stmts.some((x) => x.conditional) });
    }
  }
  return paths;
}

/** Whether a statement names some action of `target` (`NotAction`: unless all of it is excepted). */
const touches = (s: PolicyStatement, target: string): boolean =>
  s.Action !== undefined
    ? s.Action.some((p) => intersects(p, target))
    : s.NotAction !== undefined && !s.NotAction.some((n) => covers(n, target));

/** The unconditional, every-resource Deny statements that take away part of `target`. */
const denying = (denies: readonly Stmt[], target: string): Stmt[] =>
  denies.filter((d) => !d.conditional && reach(d.s) === 'all' && touches(d.s, target));

/** Narrower Deny statements touching `target`: named in the reasons, they leave the grant standing. */
const partlyDenying = (denies: readonly Stmt[], target: string, full: readonly Stmt[]): Stmt[] =>
  denies.filter((d) => !full.includes(d) && reach(d.s) !== 'none' && touches(d.s, target));

function judge(allows: readonly Stmt[], denies: readonly Stmt[], target: string, what: string): Grant {
  const paths = allowPaths(allows, target);
  if (paths.length === 0) return { verdict: 'no', reasons: [], policies: [] };
  const blocking = denying(denies, target);
  if (blocking.length > 0)
    return { verdict: 'no', reasons: blocking.map((d) => `${describe(d)}, so not ${what}`), policies: [] };
  // The simplest unconditional way in, if any.
  const best = [...paths].sort(
    (a, b) => Number(a.conditional) - Number(b.conditional) || a.stmts.length - b.stmts.length,
  )[0]!;
  const partial = partlyDenying(denies, target, blocking);
  return {
    verdict: best.conditional ? 'conditional' : 'yes',
    reasons: [
      ...best.stmts.map(describe),
      ...partial.map((d) => `${describe(d)} (a narrower or conditional Deny: the grant stands)`),
    ],
    policies: [...new Set(best.stmts.map((s) => s.policy))],
  };
}

const RANK: Record<GrantVerdict, number> = { yes: 2, conditional: 1, no: 0 };

/** One evaluation over every policy that applies to a principal. */
export function evaluatePolicies(policies: readonly NamedPolicy[]): PolicyEvaluation {
  const stmts: Stmt[] = policies.flatMap((p) =>
    p.document.Statement.map((s, i) => ({
      label: `${p.name} statement ${i + 1}${s.Sid ? ` (Sid ${s.Sid})` : ''}`,
      policy: p.name,
      s,
      conditional: s.Condition !== undefined && Object.keys(s.Condition).length > 0,
    })),
  );
  const allows = stmts.filter((x) => x.s.Effect === 'Allow' && reach(x.s) !== 'some' && reach(x.s) !== 'none');
  const denies = stmts.filter((x) => x.s.Effect === 'Deny');
  const everything = judge(allows, denies, '*:*', 'every action');
  const iam = judge(allows, denies, 'iam:*', 'full IAM access');
  const escalation: Grant = {
    ...iam,
    reasons: [...iam.reasons, 'full IAM access lets it grant itself any permission'],
  };
  const admin = RANK[everything.verdict] >= RANK[iam.verdict] ? everything : escalation;
  return {
    admin,
    fullAccessTo: (service) => judge(allows, denies, `${service}:*`, `full ${service} access`),
    allows: (action) => judge(allows, denies, action, `every ${action} action`),
  };
}

const asList = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');

/**
 * A policy document as IAM or CloudTrail hands it over (JSON text, URL-encoded by IAM), with `Statement`, `Action`,
 * `Resource`… normalized to arrays. Throws on text that is not a policy: a document that cannot be read is unknown,
 * never harmless.
 */
export function parsePolicyDocument(text: string): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text.trimStart().startsWith('%7B') ? decodeURIComponent(text) : text);
  } catch {
    throw new Error('not JSON (nor URL-encoded JSON)');
  }
  if (typeof raw !== 'object' || raw === null) throw new Error('not a JSON object');
  const { Version, Statement } = raw as { Version?: unknown; Statement?: unknown };
  const list: unknown[] = Statement === undefined ? [] : Array.isArray(Statement) ? Statement : [Statement];
  return {
    ...(typeof Version === 'string' ? { Version } : {}),
    Statement: list.map((s, i): PolicyStatement => {
      if (typeof s !== 'object' || s === null) throw new Error(`statement ${i + 1} is not an object`);
      const r = s as Record<string, unknown>;
      if (r.Effect !== 'Allow' && r.Effect !== 'Deny')
        throw new Error(`statement ${i + 1} has no Effect Allow or Deny`);
      const out: PolicyStatement = { Effect: r.Effect };
      if (typeof r.Sid === 'string') out.Sid = r.Sid;
      for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
        const v = asList(r[k]);
        if (v) out[k] = v;
      }
      if (r.Condition && typeof r.Condition === 'object') out.Condition = r.Condition as Record<string, unknown>;
      return out;
    }),
  };
}

import type { Finding } from '../model/finding.js';

export interface FindingChanges {
  /** Failing or erroring now, and not in the previous run. */
  new: Finding[];
  /** Failing before; now passing, or the resource is gone. */
  resolved: Array<Pick<Finding, 'key' | 'checkId' | 'title' | 'scope' | 'resource' | 'message'>>;
  stillFailing: number;
}

/** A step between checks and the store; exceptions (accepted risks) slot in beside it. */
export type FindingProcessor = (findings: Finding[], ctx: { previous: readonly Finding[]; now: Date }) => Finding[];

const open = (f: Pick<Finding, 'status'>) => f.status === 'fail' || f.status === 'error';
/** A stored finding still open: an excepted one is a failure an approver accepted, not a fixed one. */
const wasOpen = (f: Pick<Finding, 'status'>) => open(f) || f.status === 'excepted';

const brief = ({ key, checkId, title, scope, resource, message }: Finding): FindingChanges['resolved'][number] => ({
  key,
  checkId,
  title,
  scope,
  resource,
  message,
});

/** Marks each finding new / still failing / resolved against the previous run, carrying `firstSeen` forward. */
export const applyHistory: FindingProcessor = (findings, { previous, now }) => {
  const before = new Map(previous.map((f) => [f.key, f]));
  return findings.map((f) => {
    const prior = before.get(f.key);
    if (open(f)) {
      const carried = prior && wasOpen(prior);
      return {
        ...f,
        lifecycle: carried ? 'still_failing' : 'new',
        firstSeen: (carried && prior.firstSeen) || now.toISOString(),
      };
    }
    // Only a pass resolves: a failure that became not_applicable (a plan downgrade, say) was not remediated.
    return { ...f, lifecycle: prior && wasOpen(prior) && f.status === 'pass' ? 'resolved' : 'unchanged' };
  });
};

export function summarizeChanges(findings: readonly Finding[], previous: readonly Finding[]): FindingChanges {
  const now = new Set(findings.map((f) => f.key));
  // A resource that vanished is resolved only where the check did evaluate this time: missing data proves nothing.
  const evaluated = new Set(
    findings
      .filter((f) => f.status === 'pass' || f.status === 'fail')
      .map((f) => `${f.checkId}|${f.scope.kind}:${f.scope.id}`),
  );
  const resolvedGone = previous
    .filter((p) => wasOpen(p) && !now.has(p.key) && evaluated.has(`${p.checkId}|${p.scope.kind}:${p.scope.id}`))
    .map(brief);
  return {
    new: findings.filter((f) => f.lifecycle === 'new'),
    resolved: [...findings.filter((f) => f.lifecycle === 'resolved').map(brief), ...resolvedGone],
    stillFailing: findings.filter((f) => f.lifecycle === 'still_failing').length,
  };
}
